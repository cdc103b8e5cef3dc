using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class ScalingAndStorageTests
{
    private static ModelcarException Fails(InferenceServiceOptions options, string code)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => InferenceServiceValidator.Validate(options));
        Assert.AreEqual(code, error.Code, error.Message);
        return error;
    }

    [TestMethod]
    public void Scaling_IsWrittenOnThePredictor()
    {
        string yaml = InferenceServiceWriter.Write(Samples.Minimal with { ScaleMetric = "concurrency", ScaleTarget = 4 });
        Assert.Contains("\n    scaleMetric: concurrency\n    scaleTarget: 4\n", yaml);
    }

    [TestMethod]
    [DataRow("Concurrency")]
    [DataRow("gpu")]
    [DataRow("")]
    public void ScaleMetric_Unknown_Is072(string metric) =>
        Assert.Contains($"'{metric}'", Fails(Samples.Minimal with { ScaleMetric = metric }, ErrorCodes.InvalidScaling).Message);

    [TestMethod]
    [DataRow(0)]
    [DataRow(-5)]
    public void ScaleTarget_NotPositive_Is072(int target) =>
        Fails(Samples.Minimal with { ScaleTarget = target }, ErrorCodes.InvalidScaling);

    [TestMethod]
    public void MountPath_WritesTheListFormInsteadOfStorageUri()
    {
        string yaml = InferenceServiceWriter.Write(Samples.Minimal with { Mode = OciMode.Native, StorageMountPath = "/mnt/models/base" });
        var predictor = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(yaml)["spec"]["predictor"];
        var entry = (YamlMappingNode)((YamlSequenceNode)predictor["storageUris"]).Single();
        Assert.AreEqual("oci+native://quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + Samples.DigestText, ((YamlScalarNode)entry["uri"]).Value);
        Assert.AreEqual("/mnt/models/base", ((YamlScalarNode)entry["mountPath"]).Value);
        Assert.IsFalse(((YamlMappingNode)predictor["model"]).Children.ContainsKey(new YamlScalarNode("storageUri")));
    }

    [TestMethod]
    [DataRow("mnt/models")]
    [DataRow("/")]
    [DataRow("/mnt/../etc")]
    [DataRow("/mnt//models")]
    [DataRow("/mnt/models/")]
    [DataRow("/mnt/my models")]
    [DataRow("")]
    public void MountPath_Invalid_Is073(string path) =>
        Assert.Contains($"'{path}'", Fails(Samples.Minimal with { StorageMountPath = path }, ErrorCodes.InvalidMountPath).Message);

    [TestMethod]
    public void MountPath_Over255Characters_Is073() =>
        Fails(Samples.Minimal with { StorageMountPath = "/" + new string('a', 255) }, ErrorCodes.InvalidMountPath);
}
