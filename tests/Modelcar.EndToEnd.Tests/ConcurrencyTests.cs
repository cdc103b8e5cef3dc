using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// CI runs several publishes at once on one agent: they share the registry, and often a digest cache. Each run
/// must succeed and push exactly its own image, whatever the other one does at the same moment.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ConcurrencyTests
{
    private static (ProcessResult A, ProcessResult B) PublishAtOnce(Func<ProcessResult> a, Func<ProcessResult> b)
    {
        Task<ProcessResult> first = Task.Run(a);
        Task<ProcessResult> second = Task.Run(b);
        Task.WaitAll(first, second);
        return (first.Result, second.Result);
    }

    private static string TagDigest(string image) =>
        ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{image}"]).EnsureSuccess("skopeo inspect").Output.Trim();

    [TestMethod]
    public void TwoProjects_SharingACacheAndARegistry_BothPublish()
    {
        string registry = TestEnvironment.Registry;
        string suffix = Guid.NewGuid().ToString("N")[..8];
        string cache = Path.Combine(SdkPackage.Work, $"shared-cache-{suffix}.json");
        // The same base for both: its layers are mounted into both repositories at the same time.
        string Properties(string repository) => $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <ModelcarDigestCachePath>{cache}</ModelcarDigestCachePath>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """;
        var projectA = new ModelProject("concurrent-a", Properties($"e2e/concurrent-a-{suffix}"));
        var projectB = new ModelProject("concurrent-b", Properties($"e2e/concurrent-b-{suffix}"));
        var expectedA = ModelFiles.AddTypicalModel(projectA);
        var expectedB = ModelFiles.AddTypicalModel(projectB);

        var (a, b) = PublishAtOnce(() => projectA.Publish(), () => projectB.Publish());

        a.EnsureSuccess("dotnet publish of project A");
        b.EnsureSuccess("dotnet publish of project B");
        var publishedA = new PublishedImage(projectA);
        var publishedB = new PublishedImage(projectB);
        ModelFiles.AssertModelsMatch(ImageReader.Unpack($"docker://{registry}/e2e/concurrent-a-{suffix}@{publishedA.Digest}"), expectedA);
        ModelFiles.AssertModelsMatch(ImageReader.Unpack($"docker://{registry}/e2e/concurrent-b-{suffix}@{publishedB.Digest}"), expectedB);
        Assert.AreNotEqual(publishedA.Digest, publishedB.Digest, "different models, different images");
        // The cache both wrote is whole (written by rename), whichever write came last.
        using var cacheDocument = JsonDocument.Parse(File.ReadAllBytes(cache));
        Assert.AreEqual(JsonValueKind.Object, cacheDocument.RootElement.ValueKind);
    }

    [TestMethod]
    public void OneProject_ToTwoTagsAtOnce_BothTagsPointAtTheImage()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/concurrent-tags-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("concurrent-tags", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """);
        var expected = ModelFiles.AddTypicalModel(project);
        string outA = Path.Combine(project.Directory, "out-a") + "/";
        string outB = Path.Combine(project.Directory, "out-b") + "/";

        var (a, b) = PublishAtOnce(
            () => project.Publish("ContainerImageTag=blue", $"PublishDir={outA}"),
            () => project.Publish("ContainerImageTag=green", $"PublishDir={outB}"));

        a.EnsureSuccess("dotnet publish to the tag blue");
        b.EnsureSuccess("dotnet publish to the tag green");
        string digest = TagDigest($"{registry}/{repository}:blue");
        Assert.AreEqual(digest, TagDigest($"{registry}/{repository}:green"), "the same model gives the same image under both tags");
        ModelFiles.AssertModelsMatch(ImageReader.Unpack($"docker://{registry}/{repository}@{digest}"), expected);
    }
}
