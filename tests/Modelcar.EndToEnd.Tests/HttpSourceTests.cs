using System.Security.Cryptography;
using Modelcar.Testing.Fakes;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// http:// ModelSource items through dotnet publish of the packed SDK, served by <see cref="LoopbackFileServer"/>
/// (Kestrel's own static-file handling on 127.0.0.1; plain http, so the items say AllowHttp). The image is pushed to
/// the real test registry and read back with skopeo + umoci.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class HttpSourceTests
{
    private static readonly byte[] Classifier = RandomNumberGenerator.GetBytes(1024 * 1024 + 17);
    private static readonly string ClassifierSha256 = Convert.ToHexStringLower(SHA256.HashData(Classifier));

    private static ModelProject Project(string name, string repository, string url, string sha256) => new(name, $"""
            <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
            <ContainerRepository>{repository}</ContainerRepository>
            <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
            <KServeModelFormat>onnx</KServeModelFormat>
        """, $"""<ModelSource Include="{url}" AllowHttp="true" Sha256="{sha256}" TargetPath="classifier" />""");

    private static Dictionary<string, string?> Environment() =>
        new() { ["MODELCAR_CACHE"] = Path.Combine(SdkPackage.Work, "http-cache-" + Guid.NewGuid().ToString("N")[..8]) };

    [TestMethod]
    public async Task Publish_HttpSourceWithSha256_PushesTheFileByteIdentical()
    {
        await using LoopbackFileServer server = await LoopbackFileServer.StartAsync();
        server.Files["/models/classifier.onnx"] = Classifier;
        string repository = "e2e/http-" + Guid.NewGuid().ToString("N")[..8];
        string url = server.BaseUrl + "/models/classifier.onnx";
        ModelProject project = Project("http-model", repository, url, ClassifierSha256);
        string notes = project.AddRandomFile("notes.txt", 10);

        SourcePublish.Run(project, Environment(), "ModelcarSourceParallelism=2").EnsureSuccess("dotnet publish");

        var published = new PublishedImage(project);
        ImageReader image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}");
        ModelFiles.AssertModelsMatch(image, new Dictionary<string, string>
        {
            ["notes.txt"] = notes,
            ["classifier/classifier.onnx"] = ClassifierSha256,
        });
        CollectionAssert.AreEqual(Classifier, File.ReadAllBytes(Path.Combine(image.ModelsFolder, "classifier", "classifier.onnx")));
        Assert.AreEqual(url, published.ImageJson.RootElement.GetProperty("sources")[0].GetProperty("uri").GetString());
        Assert.IsTrue(server.Count("GET /models/classifier.onnx") >= 1, string.Join('\n', server.Requests));
    }

    [TestMethod]
    public async Task Publish_HttpSourceWithAWrongSha256_FailsWithChecksumMismatch_AndPushesNothing()
    {
        await using LoopbackFileServer server = await LoopbackFileServer.StartAsync();
        server.Files["/models/classifier.onnx"] = Classifier;
        string repository = "e2e/http-bad-" + Guid.NewGuid().ToString("N")[..8];
        string wrong = new('0', 64);
        ModelProject project = Project("http-bad", repository, server.BaseUrl + "/models/classifier.onnx", wrong);
        project.AddRandomFile("notes.txt", 10);

        ProcessResult publish = SourcePublish.Run(project, Environment());

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR024");
        StringAssert.Contains(publish.Output, wrong);
        StringAssert.Contains(publish.Output, ClassifierSha256);
        Assert.IsEmpty(SourcePublish.RegistryTags(repository), "no tag may point at an image with the wrong file");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, project.Name + ".image.json")));
    }

    [TestMethod]
    public async Task Publish_SourceParallelismOutOfRange_FailsWithItsCode()
    {
        await using LoopbackFileServer server = await LoopbackFileServer.StartAsync();
        server.Files["/models/classifier.onnx"] = Classifier;
        string repository = "e2e/http-par-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("http-par", repository, server.BaseUrl + "/models/classifier.onnx", ClassifierSha256);
        project.AddRandomFile("notes.txt", 10);

        ProcessResult publish = SourcePublish.Run(project, Environment(), "ModelcarSourceParallelism=65");

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR083");
        StringAssert.Contains(publish.Output, "'65'");
        Assert.AreEqual(0, server.Count("GET "), "nothing is downloaded with a bad setting");
        Assert.IsEmpty(SourcePublish.RegistryTags(repository));
    }

    [TestMethod]
    public async Task Publish_CacheUnderARegularFile_FailsWithCacheUnusable()
    {
        await using LoopbackFileServer server = await LoopbackFileServer.StartAsync();
        server.Files["/models/classifier.onnx"] = Classifier;
        string repository = "e2e/http-cache-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("http-cache", repository, server.BaseUrl + "/models/classifier.onnx", ClassifierSha256);
        project.AddRandomFile("notes.txt", 10);
        string regularFile = Path.Combine(project.Directory, "not-a-folder");
        File.WriteAllText(regularFile, "a file");

        ProcessResult publish = SourcePublish.Run(project, Environment(), $"ModelcarSourceCache={Path.Combine(regularFile, "cache")}");

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR082");
        StringAssert.Contains(publish.Output, regularFile);
        Assert.IsEmpty(SourcePublish.RegistryTags(repository));
    }
}
