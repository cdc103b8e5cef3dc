using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class ServingRuntimeAndLayoutTests
{
    private static readonly ServingRuntimeOptions Runtime = new()
    {
        Name = "granite-runtime",
        Namespace = "models",
        Image = "quay.io/acme/my-server:2.0",
        ModelFormat = "granite-gguf",
        ModelFormatVersion = "1",
        ProtocolVersion = "v2",
        Args = ["--model_dir=/mnt/models", "--port=8080"],
        Labels = new Dictionary<string, string> { ["team"] = "nlp" },
    };

    private static InferenceServiceOptions Isvc => Samples.Minimal with { ModelFormat = "granite-gguf", Runtime = "granite-runtime", Namespace = "models" };

    private static YamlMappingNode Parse(string yaml) => (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(yaml);

    private static string Scalar(YamlNode node, params object[] path)
    {
        foreach (object step in path) node = step is int i ? ((YamlSequenceNode)node)[i] : node[(string)step];
        return ((YamlScalarNode)node).Value!;
    }

    [TestMethod]
    public void ServingRuntime_NamesTheFormatImageAndProtocol()
    {
        var doc = Parse(ServingRuntimeWriter.Write(Runtime));
        Assert.AreEqual("serving.kserve.io/v1alpha1", Scalar(doc, "apiVersion"));
        Assert.AreEqual("ServingRuntime", Scalar(doc, "kind"));
        Assert.AreEqual("granite-runtime", Scalar(doc, "metadata", "name"));
        Assert.AreEqual("models", Scalar(doc, "metadata", "namespace"));
        Assert.AreEqual("granite-gguf", Scalar(doc, "spec", "supportedModelFormats", 0, "name"));
        Assert.AreEqual("1", Scalar(doc, "spec", "supportedModelFormats", 0, "version"));
        Assert.AreEqual("true", Scalar(doc, "spec", "supportedModelFormats", 0, "autoSelect"));
        Assert.AreEqual("v2", Scalar(doc, "spec", "protocolVersions", 0));
        Assert.AreEqual("kserve-container", Scalar(doc, "spec", "containers", 0, "name"));
        Assert.AreEqual("quay.io/acme/my-server:2.0", Scalar(doc, "spec", "containers", 0, "image"));
        Assert.AreEqual("--port=8080", Scalar(doc, "spec", "containers", 0, "args", 1));
    }

    [TestMethod]
    public void ServingRuntime_ValidatesAgainstItsCrd()
    {
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_servingruntimes.yaml"));
        foreach (var options in new[] { Runtime, Runtime with { Namespace = null, ModelFormatVersion = null, ProtocolVersion = null, Args = [], Labels = new Dictionary<string, string>() } })
        {
            string yaml = ServingRuntimeWriter.Write(options);
            var errors = validator.Validate(yaml);
            Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n---\n{yaml}");
        }
    }

    [TestMethod]
    public void ServingRuntime_WithAStockName_Is074()
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => ServingRuntimeWriter.Write(Runtime with { Name = "kserve-vllmserver" }));
        Assert.AreEqual(ErrorCodes.InvalidServingRuntime, error.Code);
        Assert.Contains("'kserve-vllmserver'", error.Message);
    }

    [TestMethod]
    public void ServingRuntime_WithAnInvalidName_Is074() =>
        Assert.AreEqual(ErrorCodes.InvalidServingRuntime,
            Assert.ThrowsExactly<ModelcarException>(() => ServingRuntimeWriter.Write(Runtime with { Name = "My_Runtime" })).Code);

    [TestMethod]
    public void ServingRuntime_WithABadImage_GetsTheReferenceError() =>
        Assert.AreEqual(ErrorCodes.InvalidRepository,
            Assert.ThrowsExactly<ModelcarException>(() => ServingRuntimeWriter.Write(Runtime with { Image = "quay.io/Acme/Server:1" })).Code);

    [TestMethod]
    public void Single_PutsTheRuntimeFirst_InOneFile()
    {
        var file = KServeManifests.Render(Isvc, Runtime, ManifestLayout.Single, "granite.inferenceservice.yaml").Single();
        Assert.AreEqual("granite.inferenceservice.yaml", file.FileName);
        var stream = new YamlStream();
        stream.Load(new StringReader(file.Content));
        Assert.HasCount(2, stream.Documents);
        Assert.AreEqual("ServingRuntime", Scalar(stream.Documents[0].RootNode, "kind"));
        Assert.AreEqual("InferenceService", Scalar(stream.Documents[1].RootNode, "kind"));
        Assert.AreEqual("granite-runtime", Scalar(stream.Documents[1].RootNode, "spec", "predictor", "model", "runtime"));
    }

    [TestMethod]
    public void Single_WithoutRuntime_IsTheInferenceServiceAlone()
    {
        var file = KServeManifests.Render(Samples.Minimal, null, ManifestLayout.Single, "x.yaml").Single();
        Assert.AreEqual(InferenceServiceWriter.Write(Samples.Minimal), file.Content);
    }

    [TestMethod]
    public void Kustomize_WritesOneFilePerObject_AndAKustomizationListingThem()
    {
        var files = KServeManifests.Render(Isvc, Runtime, ManifestLayout.Kustomize, "ignored.yaml");
        CollectionAssert.AreEqual(new[] { "servingruntime.yaml", "inferenceservice.yaml", "kustomization.yaml" }, files.Select(f => f.FileName).ToArray());
        Assert.AreEqual(ServingRuntimeWriter.Write(Runtime), files[0].Content);
        Assert.AreEqual(InferenceServiceWriter.Write(Isvc), files[1].Content);
        var kustomization = Parse(files[2].Content);
        Assert.AreEqual("kustomize.config.k8s.io/v1beta1", Scalar(kustomization, "apiVersion"));
        Assert.AreEqual("Kustomization", Scalar(kustomization, "kind"));
        var resources = ((YamlSequenceNode)kustomization["resources"]).Select(n => ((YamlScalarNode)n).Value).ToArray();
        CollectionAssert.AreEqual(new[] { "servingruntime.yaml", "inferenceservice.yaml" }, resources);
    }

    [TestMethod]
    public void Render_WritesNothing_WhenAnyObjectIsInvalid() =>
        Assert.ThrowsExactly<ModelcarException>(() => KServeManifests.Render(Isvc, Runtime with { Name = "kserve-vllmserver" }, ManifestLayout.Kustomize, "x"));
}
