using Modelcar.Oci.Model;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class InferenceServiceValidatorTests
{
    private static ModelcarException Fails(InferenceServiceOptions options, string code)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => InferenceServiceValidator.Validate(options));
        Assert.AreEqual(code, error.Code, error.Message);
        return error;
    }

    [TestMethod]
    public void Samples_AreValid()
    {
        InferenceServiceValidator.Validate(Samples.Minimal);
        InferenceServiceValidator.Validate(Samples.Full);
    }

    [TestMethod]
    [DataRow("Granite")]
    [DataRow("granite_3")]
    [DataRow("granite.3")]
    [DataRow("3granite")]
    [DataRow("-granite")]
    [DataRow("granite-")]
    [DataRow("")]
    [DataRow("gränite")]
    public void Name_Invalid_Is060_AndSuggestsAValidName(string name)
    {
        var error = Fails(Samples.Minimal with { Name = name }, ErrorCodes.InvalidInferenceServiceName);
        Assert.Contains($"'{name}'", error.Message);
        string suggestion = InferenceServiceValidator.NameFromProjectName(name);
        Assert.Contains($"'{suggestion}'", error.Message);
        InferenceServiceValidator.Validate(Samples.Minimal with { Name = suggestion });
    }

    [TestMethod]
    public void Name_Of63Characters_IsValid_64_IsNot()
    {
        InferenceServiceValidator.Validate(Samples.Minimal with { Name = "a" + new string('b', 62) });
        Fails(Samples.Minimal with { Name = "a" + new string('b', 63) }, ErrorCodes.InvalidInferenceServiceName);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void ModelFormat_Missing_Is061(string format)
    {
        var error = Fails(Samples.Minimal with { ModelFormat = format }, ErrorCodes.MissingModelFormat);
        Assert.Contains("vLLM", error.Message);
    }

    [TestMethod]
    public void ModelFormat_WithSpaces_Is062()
    {
        Fails(Samples.Minimal with { ModelFormat = " vLLM" }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { ModelFormatVersion = "" }, ErrorCodes.InvalidInferenceService);
    }

    [TestMethod]
    public void Image_WithoutDigest_Is063()
    {
        var image = ImageReference.Parse("quay.io/acme/granite:1.2.0");
        var error = Fails(Samples.Minimal with { Image = image }, ErrorCodes.ImageNotPinnedByDigest);
        Assert.Contains("quay.io/acme/granite:1.2.0", error.Message);
    }

    [TestMethod]
    [DataRow("Models")]
    [DataRow("my_ns")]
    [DataRow("-ns")]
    [DataRow("a.b")]
    [DataRow("")]
    public void Namespace_Invalid_Is064(string ns)
    {
        var error = Fails(Samples.Minimal with { Namespace = ns }, ErrorCodes.InvalidNamespace);
        Assert.Contains($"'{ns}'", error.Message);
    }

    [TestMethod]
    public void Namespace_StartingWithDigit_IsValid()
    {
        InferenceServiceValidator.Validate(Samples.Minimal with { Namespace = "1team" });
    }

    [TestMethod]
    [DataRow(-1, null)]
    [DataRow(null, -1)]
    [DataRow(3, 2)]
    public void Replicas_Invalid_Is065(int? min, int? max)
    {
        Fails(Samples.Minimal with { MinReplicas = min, MaxReplicas = max }, ErrorCodes.InvalidReplicas);
    }

    [TestMethod]
    [DataRow(0, 0)]
    [DataRow(5, 0)]
    [DataRow(2, 2)]
    [DataRow(0, 10)]
    public void Replicas_Valid(int min, int max)
    {
        // maxReplicas 0 is KServe's "no upper bound".
        InferenceServiceValidator.Validate(Samples.Minimal with { MinReplicas = min, MaxReplicas = max });
    }

    private static InferenceServiceOptions WithResources(Dictionary<string, string>? requests = null, Dictionary<string, string>? limits = null) =>
        Samples.Minimal with
        {
            Resources = new ResourceRequirements { Requests = requests ?? [], Limits = limits ?? [] },
        };

    [TestMethod]
    [DataRow("cpu", "two")]
    [DataRow("cpu", "1 ")]
    [DataRow("memory", "16GB")]
    [DataRow("memory", "16gi")]
    [DataRow("memory", "-1Gi")]
    [DataRow("memory", "")]
    [DataRow("nvidia.com/gpu", "0.5")]
    [DataRow("gpu", "1")]
    [DataRow("nvidia.com/", "1")]
    public void Resources_Invalid_Is066(string name, string quantity)
    {
        var error = Fails(WithResources(limits: new() { [name] = quantity }), ErrorCodes.InvalidResourceQuantity);
        Assert.IsTrue(error.Message.Contains($"'{quantity}'") || error.Message.Contains($"'{name}'"), error.Message);
    }

    [TestMethod]
    [DataRow("500m")]
    [DataRow("1.5")]
    [DataRow("2")]
    [DataRow("16Gi")]
    [DataRow("1e3")]
    [DataRow("100M")]
    [DataRow(".5")]
    [DataRow("+1")]
    public void Resources_ValidQuantities(string quantity)
    {
        InferenceServiceValidator.Validate(WithResources(requests: new() { ["cpu"] = quantity, ["memory"] = quantity }));
    }

    [TestMethod]
    public void Resources_RequestAboveLimit_Is066()
    {
        Fails(WithResources(requests: new() { ["memory"] = "32Gi" }, limits: new() { ["memory"] = "16Gi" }), ErrorCodes.InvalidResourceQuantity);
        Fails(WithResources(requests: new() { ["cpu"] = "1500m" }, limits: new() { ["cpu"] = "1" }), ErrorCodes.InvalidResourceQuantity);
        InferenceServiceValidator.Validate(WithResources(requests: new() { ["cpu"] = "1000m" }, limits: new() { ["cpu"] = "1" }));
    }

    [TestMethod]
    public void Resources_GpuRequestNeedsAnEqualLimit()
    {
        Fails(WithResources(requests: new() { ["nvidia.com/gpu"] = "1" }), ErrorCodes.InvalidResourceQuantity);
        Fails(WithResources(requests: new() { ["nvidia.com/gpu"] = "1" }, limits: new() { ["nvidia.com/gpu"] = "2" }), ErrorCodes.InvalidResourceQuantity);
        InferenceServiceValidator.Validate(WithResources(limits: new() { ["nvidia.com/gpu"] = "2" }));
        InferenceServiceValidator.Validate(WithResources(requests: new() { ["amd.com/gpu"] = "1" }, limits: new() { ["amd.com/gpu"] = "1" }));
        InferenceServiceValidator.Validate(WithResources(limits: new() { ["hugepages-2Mi"] = "1Gi", ["ephemeral-storage"] = "10Gi" }));
    }

    [TestMethod]
    [DataRow("bad key", "v")]
    [DataRow("-key", "v")]
    [DataRow("Example.com/key", "v")]
    [DataRow("example.com/", "v")]
    [DataRow("key", "has space")]
    [DataRow("key", "-leading")]
    [DataRow("key", "ML team: inference")]
    public void Labels_Invalid_Is067(string key, string value)
    {
        Fails(Samples.Minimal with { Labels = new Dictionary<string, string> { [key] = value } }, ErrorCodes.InvalidLabelOrAnnotation);
    }

    [TestMethod]
    public void Labels_TooLongValue_Is067_EmptyValue_IsValid()
    {
        Fails(Samples.Minimal with { Labels = new Dictionary<string, string> { ["k"] = new string('a', 64) } }, ErrorCodes.InvalidLabelOrAnnotation);
        InferenceServiceValidator.Validate(Samples.Minimal with { Labels = new Dictionary<string, string> { ["k"] = "" } });
    }

    [TestMethod]
    public void Annotations_InvalidKey_Is067_FreeTextValue_IsValid()
    {
        Fails(Samples.Minimal with { Annotations = new Dictionary<string, string> { ["bad key"] = "v" } }, ErrorCodes.InvalidLabelOrAnnotation);
        InferenceServiceValidator.Validate(Samples.Minimal with { Annotations = new Dictionary<string, string> { ["example.com/note"] = "any: text\nat all" } });
    }

    [TestMethod]
    public void Annotations_Over256KiB_Is067()
    {
        Fails(Samples.Minimal with { Annotations = new Dictionary<string, string> { ["example.com/big"] = new string('x', 256 * 1024) } }, ErrorCodes.InvalidLabelOrAnnotation);
    }

    [TestMethod]
    [DataRow("ModelMesh")]
    [DataRow("Serverles")]
    [DataRow("raw")]
    public void DeploymentMode_Unknown_Is062(string mode)
    {
        var error = Fails(Samples.Minimal with { DeploymentMode = mode }, ErrorCodes.InvalidInferenceService);
        Assert.Contains("'Knative'", error.Message);
    }

    [TestMethod]
    public void DeploymentMode_ConflictingAnnotation_Is062()
    {
        Fails(Samples.Minimal with
        {
            DeploymentMode = "Knative",
            Annotations = new Dictionary<string, string> { [DeploymentModes.AnnotationKey] = "Standard" },
        }, ErrorCodes.InvalidInferenceService);
    }

    [TestMethod]
    [DataRow("knative")]
    [DataRow("ModelMesh")]
    [DataRow("Raw")]
    public void DeploymentModeAnnotation_Unknown_Is062(string mode)
    {
        var error = Fails(Samples.Minimal with { Annotations = new Dictionary<string, string> { [DeploymentModes.AnnotationKey] = mode } },
            ErrorCodes.InvalidInferenceService);
        Assert.Contains($"'{mode}'", error.Message);
    }

    [TestMethod]
    [DataRow("Standard")]
    [DataRow("Knative")]
    [DataRow("RawDeployment")]
    [DataRow("Serverless")]
    public void DeploymentMode_BothSpellings_AreValid(string mode)
    {
        InferenceServiceValidator.Validate(Samples.Minimal with { DeploymentMode = mode });
        InferenceServiceValidator.Validate(Samples.Minimal with { Annotations = new Dictionary<string, string> { [DeploymentModes.AnnotationKey] = mode } });
        Assert.AreEqual(mode is "Knative" or "Serverless", DeploymentModes.IsKnative(mode));
    }

    [TestMethod]
    [DataRow("V2")]
    [DataRow("v3")]
    [DataRow("grpc")]
    public void ProtocolVersion_Unknown_Is062(string protocol)
    {
        Fails(Samples.Minimal with { ProtocolVersion = protocol }, ErrorCodes.InvalidInferenceService);
    }

    [TestMethod]
    public void Runtime_ServiceAccount_PullSecret_BadNames_Are062()
    {
        Fails(Samples.Minimal with { Runtime = "Kserve_vllm" }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { ServiceAccountName = "My Account" }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { ImagePullSecrets = ["ok", "Not_OK"] }, ErrorCodes.InvalidInferenceService);
    }

    [TestMethod]
    public void Env_BadOrDuplicateNames_Are062()
    {
        Fails(Samples.Minimal with { Env = [new("", "x")] }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { Env = [new("A=B", "x")] }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { Env = [new("HAS SPACE", "x")] }, ErrorCodes.InvalidInferenceService);
        Fails(Samples.Minimal with { Env = [new("A", "1"), new("A", "2")] }, ErrorCodes.InvalidInferenceService);
        InferenceServiceValidator.Validate(Samples.Minimal with { Env = [new("my.var-1", "x"), new("_X", "")] });
    }

    [TestMethod]
    [DataRow("granite-3.1-2b-instruct", "granite-3-1-2b-instruct")]
    [DataRow("Granite_3.1 2B", "granite-3-1-2b")]
    [DataRow("MyModel", "mymodel")]
    [DataRow("my--model..x", "my-model-x")]
    [DataRow("--model--", "model")]
    [DataRow("3b-model", "model-3b-model")]
    [DataRow("___", "model")]
    [DataRow("", "model")]
    [DataRow("Modèle", "mod-le")]
    public void NameFromProjectName_Cases(string project, string expected)
    {
        Assert.AreEqual(expected, InferenceServiceValidator.NameFromProjectName(project));
    }

    [TestMethod]
    public void NameFromProjectName_TruncatesTo63_WithoutTrailingDash()
    {
        string name = InferenceServiceValidator.NameFromProjectName(new string('a', 62) + "-b" + new string('c', 20));
        Assert.AreEqual(new string('a', 62), name);
        Assert.AreEqual(63, InferenceServiceValidator.NameFromProjectName(new string('x', 100)).Length);
    }

    [TestMethod]
    public void GetWarnings_ReportsFormatNearMiss()
    {
        Assert.IsEmpty(InferenceServiceValidator.GetWarnings(Samples.Minimal));
        var warnings = InferenceServiceValidator.GetWarnings(Samples.Minimal with { ModelFormat = "vllm" });
        Assert.HasCount(1, warnings);
        Assert.AreEqual(ErrorCodes.ModelFormatMismatch, warnings[0].Code);
        Assert.Contains("'vLLM'", warnings[0].Message);
    }
}
