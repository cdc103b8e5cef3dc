using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

[TestClass]
[TestCategory("Registry")]
public sealed class PublishToRegistryTests
{
    [TestMethod]
    public void Publish_PushesAModelcarThatReadsBackByteIdentical()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/push-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("granite-mini", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImageWithEntrypoint}</ContainerBaseImage>
                <Version>1.2.0</Version>
                <ContainerImageTagsIncludeShortVersions>true</ContainerImageTagsIncludeShortVersions>
                <ContainerUser>1010</ContainerUser>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        var expected = ModelFiles.AddTypicalModel(project);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");
        StringAssert.Contains(publish.Output, "ENTRYPOINT was cleared");

        var published = new PublishedImage(project);
        StringAssert.StartsWith(published.Reference, $"{registry}/{repository}:1.2.0@sha256:");
        var image = ImageReader.Unpack($"docker://{registry}/{repository}@{published.Digest}");
        ModelFiles.AssertModelsMatch(image, expected);
        Assert.IsTrue(File.Exists(Path.Combine(image.RootFs, "bin", "busybox")), "the base image's files are under the model");

        JsonElement config = image.Config.RootElement.GetProperty("config");
        Assert.AreEqual("1010", config.GetProperty("User").GetString());
        Assert.IsFalse(config.TryGetProperty("Entrypoint", out JsonElement entrypoint) && entrypoint.ValueKind == JsonValueKind.Array, "ENTRYPOINT must be cleared: KServe passes args only");

        // Every tag points at the same digest.
        foreach (string tag in new[] { "1.2.0", "1.2", "1" })
        {
            string digest = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{registry}/{repository}:{tag}"]).EnsureSuccess("skopeo inspect").Output.Trim();
            Assert.AreEqual(published.Digest, digest, $"tag {tag}");
        }

        var isvc = published.InferenceService();
        Assert.AreEqual("serving.kserve.io/v1beta1", PublishedImage.Scalar(isvc, "apiVersion"));
        Assert.AreEqual("InferenceService", PublishedImage.Scalar(isvc, "kind"));
        Assert.AreEqual("granite-mini", PublishedImage.Scalar(isvc, "metadata", "name"));
        Assert.AreEqual($"oci://{registry}/{repository}:1.2.0@{published.Digest}", PublishedImage.Scalar(isvc, "spec", "predictor", "model", "storageUri"));
        Assert.AreEqual("huggingface", PublishedImage.Scalar(isvc, "spec", "predictor", "model", "modelFormat", "name"));
    }

    [TestMethod]
    public void Publish_WithSmallFileCompression_GzipsTheSmallFileLayerOnly()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/gzip-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("gzip-small", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>huggingface</KServeModelFormat>
                <ModelcarSmallFileCompression>gzip</ModelcarSmallFileCompression>
            """);
        var expected = ModelFiles.AddTypicalModel(project);
        string vocab = Path.Combine(project.Directory, "model", "tokenizer", "vocab.txt");
        File.WriteAllText(vocab, string.Join("\n", Enumerable.Range(0, 30_000).Select(i => $"token{i}")));
        expected["tokenizer/vocab.txt"] = ImageReader.Sha256Of(vocab);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");

        StringAssert.Contains(publish.Output, "(gzip, ");
        var published = new PublishedImage(project);
        string manifest = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{registry}/{repository}@{published.Digest}"]).EnsureSuccess("skopeo inspect --raw").Output;
        string[] mediaTypes = JsonDocument.Parse(manifest).RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("mediaType").GetString()!).ToArray();
        Assert.AreEqual("application/vnd.oci.image.layer.v1.tar+gzip", mediaTypes[^1], "the small files' layer");
        Assert.AreEqual(2, mediaTypes[^3..^1].Count(t => t == "application/vnd.oci.image.layer.v1.tar"), "the two shards stay plain tar");
        ModelFiles.AssertModelsMatch(ImageReader.Unpack($"docker://{registry}/{repository}@{published.Digest}"), expected);
    }

    [TestMethod]
    public void Publish_SameModelTwice_GivesTheSameDigest()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/repeat-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("repeat", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """);
        ModelFiles.AddTypicalModel(project);

        project.Publish().EnsureSuccess("first dotnet publish");
        string first = new PublishedImage(project).Digest;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(project.Directory, "model"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-3)); // touched, not changed
        }
        project.Publish().EnsureSuccess("second dotnet publish");
        var second = new PublishedImage(project);
        Assert.AreEqual(first, second.Digest, "an unchanged model must give the same image digest");

        // Touching files changes their mtime, so the digest cache misses and the layers are re-read; the
        // registry already has them, which a third, untouched publish learns from the cache alone.
        project.Publish().EnsureSuccess("third dotnet publish");
        var third = new PublishedImage(project);
        Assert.AreEqual(first, third.Digest);
        Assert.AreEqual(0, third.ImageJson.RootElement.GetProperty("bytesUploaded").GetInt64(), "an unchanged model is not uploaded again");

        // Without the digest cache nothing tells the publisher a layer is unchanged before it reads it: the model
        // is read and streamed again (the registry keeps one copy), and the image is still the same.
        project.Publish("ModelcarUseDigestCache=false").EnsureSuccess("fourth dotnet publish, digest cache off");
        var fourth = new PublishedImage(project);
        Assert.AreEqual(first, fourth.Digest);
        Assert.IsTrue(fourth.ImageJson.RootElement.GetProperty("bytesUploaded").GetInt64() > 0, "with the digest cache off every model layer is streamed");
    }
}
