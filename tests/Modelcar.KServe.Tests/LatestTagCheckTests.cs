using Modelcar.Oci.Model;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class LatestTagCheckTests
{
    private static readonly ImageReference LatestImage = ImageReference.Parse("quay.io/acme/granite:latest@" + Samples.DigestText);

    private static string StorageUriOf(string yaml) =>
        ((YamlDotNet.RepresentationModel.YamlScalarNode)OpenApiSchemaValidator.ParseDocument(yaml)["spec"]["predictor"]["model"]["storageUri"]).Value!;

    [TestMethod]
    public void Warning_NamesThePullPolicyAndWhy()
    {
        var warning = InferenceServiceValidator.GetWarnings(Samples.Minimal with { Image = LatestImage, PublishedTags = ["latest"] }).Single();
        Assert.AreEqual(ErrorCodes.LatestTagPublished, warning.Code);
        Assert.Contains("pull policy Always", warning.Message);
        Assert.Contains("pins the digest", warning.Message);
    }

    [TestMethod]
    public void Warning_AlsoWhenLatestIsOnlyASecondTag() =>
        Assert.AreEqual(ErrorCodes.LatestTagPublished,
            InferenceServiceValidator.GetWarnings(Samples.Minimal with { PublishedTags = ["1.2.0", "latest"] }).Single().Code);

    [TestMethod]
    public void NoWarning_ForVersionTags() =>
        Assert.IsEmpty(InferenceServiceValidator.GetWarnings(Samples.Minimal with { PublishedTags = ["1.2.0", "1.2", "1", "latest-gpu"] }));

    [TestMethod]
    public void Writer_KeepsAVersionTagInStorageUri_WhenLatestCameFirst()
    {
        string yaml = InferenceServiceWriter.Write(Samples.Minimal with { Image = LatestImage, PublishedTags = ["latest", "1.2.0"] });
        Assert.AreEqual("oci://quay.io/acme/granite:1.2.0@" + Samples.DigestText, StorageUriOf(yaml));
        Assert.DoesNotContain(":latest@", yaml);
    }

    [TestMethod]
    public void Writer_KeepsLatest_WhenItIsTheOnlyTag()
    {
        string yaml = InferenceServiceWriter.Write(Samples.Minimal with { Image = LatestImage, PublishedTags = ["latest"] });
        Assert.AreEqual("oci://quay.io/acme/granite:latest@" + Samples.DigestText, StorageUriOf(yaml));
    }
}
