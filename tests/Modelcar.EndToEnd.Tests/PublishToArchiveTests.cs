namespace Modelcar.EndToEnd.Tests;

[TestClass]
public sealed class PublishToArchiveTests
{
    [TestMethod]
    public void Publish_WithoutRegistry_WritesAnOciArchiveSkopeoReads()
    {
        var project = new ModelProject("archived", """
                <ContainerRepository>acme/archived</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <Version>2.0.0-rc.1</Version>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeStorageMode>oci+native</KServeStorageMode>
            """);
        var expected = ModelFiles.AddTypicalModel(project);

        project.Publish().EnsureSuccess("dotnet publish");

        string archive = Path.Combine(project.PublishDirectory, "archived.oci.tar");
        Assert.IsTrue(File.Exists(archive), "the OCI archive is written into the publish folder");
        Assert.AreEqual(0, Directory.GetFiles(project.PublishDirectory, "*.tmp").Length, "no temporary file is left behind");

        var published = new PublishedImage(project);
        var image = ImageReader.Unpack($"oci-archive:{archive}");
        ModelFiles.AssertModelsMatch(image, expected);
        Assert.AreEqual("1010", image.Config.RootElement.GetProperty("config").GetProperty("User").GetString());
        Assert.AreEqual(1, Directory.GetFileSystemEntries(image.RootFs).Length, "a scratch modelcar holds /models and nothing else");

        string inspected = ProcessRunner.Run("skopeo", ["inspect", "--format", "{{.Digest}}", $"oci-archive:{archive}"]).EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreEqual(published.Digest, inspected);
        StringAssert.StartsWith(PublishedImage.Scalar(published.InferenceService(), "spec", "predictor", "model", "storageUri"), "oci+native://");
    }
}
