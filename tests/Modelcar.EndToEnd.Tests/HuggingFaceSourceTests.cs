using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Modelcar.Testing.Fakes;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// hf:// ModelSource items through dotnet publish, against <see cref="FakeHuggingFaceHub"/>: a hand-made fake,
/// because the real Hub cannot run here; it follows the Hub's documented HTTP API. The image is pushed to the
/// real test registry and read back with skopeo + umoci.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class HuggingFaceSourceTests
{
    private static readonly Dictionary<string, byte[]> HubFiles = new()
    {
        ["model.safetensors"] = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5),
        ["config.json"] = Encoding.UTF8.GetBytes("{\"architectures\":[\"Fake\"]}"),
        ["tokenizer/tokenizer.json"] = Encoding.UTF8.GetBytes("{\"model\":{}}"),
        ["README.md"] = Encoding.UTF8.GetBytes("# not wanted in the image"),
    };

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string NewCache() => Path.Combine(SdkPackage.Work, "hf-cache-" + Guid.NewGuid().ToString("N")[..8]);

    private static ModelProject Project(string name, string repository, string source) => new(name, $"""
            <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
            <ContainerRepository>{repository}</ContainerRepository>
            <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
            <KServeModelFormat>huggingface</KServeModelFormat>
        """, $"""<ModelSource Include="{source}" AllowPatterns="*.safetensors;*.json" TargetPath="llm" />""");

    [TestMethod]
    public async Task Publish_HfSource_PushesTheFilesAndRecordsTheCommit()
    {
        await using FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        string commit = hub.AddRepo("acme/tiny-e2e").Commit("main", HubFiles);
        string repository = "e2e/hf-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("hf-model", repository, "hf://acme/tiny-e2e:main");
        string localConfig = project.AddRandomFile("chat_template.jinja", 300);
        var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = NewCache() };

        SourcePublish.Run(project, environment).EnsureSuccess("dotnet publish");

        var published = new PublishedImage(project);
        ImageReader image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}");
        ModelFiles.AssertModelsMatch(image, new Dictionary<string, string>
        {
            ["chat_template.jinja"] = localConfig,
            ["llm/model.safetensors"] = Sha256(HubFiles["model.safetensors"]),
            ["llm/config.json"] = Sha256(HubFiles["config.json"]),
            ["llm/tokenizer/tokenizer.json"] = Sha256(HubFiles["tokenizer/tokenizer.json"]),
        });

        JsonElement annotations = SourcePublish.ManifestAnnotations($"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}");
        Assert.AreEqual("hf://acme/tiny-e2e:main", annotations.GetProperty("io.modelcar.source.0").GetString());
        Assert.AreEqual(commit, annotations.GetProperty("io.modelcar.source.0.revision").GetString());
        JsonElement source = published.ImageJson.RootElement.GetProperty("sources")[0];
        Assert.AreEqual("hf://acme/tiny-e2e:main", source.GetProperty("uri").GetString());
        Assert.AreEqual(commit, source.GetProperty("revision").GetString());
        JsonElement weights = published.ImageJson.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "/models/llm/model.safetensors");
        Assert.AreEqual(Sha256(HubFiles["model.safetensors"]), weights.GetProperty("sha256").GetString());

        // A second publish with the source unchanged only asks the Hub for metadata.
        hub.Requests.Clear();
        SourcePublish.Run(project, environment).EnsureSuccess("second dotnet publish");
        Assert.AreEqual(0, hub.CountRequests("/resolve/") + hub.CountRequests("/cdn/"), string.Join('\n', hub.Requests));
        Assert.AreEqual(published.Digest, new PublishedImage(project).Digest);
    }

    [TestMethod]
    public async Task Publish_StreamingHfSource_MakesNoLocalCopy_AndGivesTheSameImage()
    {
        await using FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        hub.AddRepo("acme/stream-e2e").Commit("main", HubFiles);
        string repository = "e2e/hf-stream-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("hf-stream", repository, "hf://acme/stream-e2e");
        project.AddRandomFile("notes.txt", 10);
        string cache = NewCache();

        SourcePublish.Run(project, new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = cache }, "ModelcarStreamSources=true")
            .EnsureSuccess("dotnet publish");

        Assert.IsFalse(Directory.Exists(cache) && Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Any(), "streaming keeps no local copy");
        var published = new PublishedImage(project);
        ImageReader image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}");
        Assert.AreEqual(Sha256(HubFiles["model.safetensors"]), image.ModelFileHashes()["llm/model.safetensors"]);
        Assert.AreEqual(Sha256(HubFiles["config.json"]), image.ModelFileHashes()["llm/config.json"]);
    }

    [TestMethod]
    public async Task Publish_StreamingHfSource_ContentNotMatchingItsLfsSha256_FailsAndWritesNoManifest()
    {
        await using FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        hub.AddRepo("acme/stream-bad-e2e").Commit("main", HubFiles);
        hub.Corrupt["model.safetensors"] = true; // The CDN serves other bytes than the tree's LFS sha256 says.
        string repository = "e2e/hf-stream-bad-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("hf-stream-bad", repository, "hf://acme/stream-bad-e2e");
        project.AddRandomFile("notes.txt", 10);
        string cache = NewCache();

        ProcessResult publish = SourcePublish.Run(project, new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = cache }, "ModelcarStreamSources=true");

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR024");
        StringAssert.Contains(publish.Output, "model.safetensors");
        StringAssert.Contains(publish.Output, Sha256(HubFiles["model.safetensors"]));
        StringAssert.Contains(publish.Output, Sha256(HubFiles["model.safetensors"].Select(b => (byte)(b ^ 0xFF)).ToArray()));
        Assert.IsEmpty(SourcePublish.RegistryTags(repository), "no manifest or tag may name the wrong content");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, project.Name + ".image.json")));
    }

    [TestMethod]
    public async Task Publish_SourceParallelism_ReachesTheDownloads()
    {
        await using FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        hub.AddRepo("acme/par-e2e").Commit("main", HubFiles);
        ModelProject project = Project("hf-par", "e2e/hf-par-" + Guid.NewGuid().ToString("N")[..8], "hf://acme/par-e2e");
        project.AddRandomFile("notes.txt", 10);

        ProcessResult publish = SourcePublish.Run(project, new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = NewCache() },
            "ModelcarSourceParallelism=1", "-v:d");

        publish.EnsureSuccess("dotnet publish");
        StringAssert.Contains(publish.Output, "3 file(s), downloading 1 at a time (ModelcarSourceParallelism)");
    }

    [TestMethod]
    public async Task Publish_GatedRepoWithoutAToken_FailsWithAccessDenied()
    {
        await using FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        hub.AddRepo("acme/gated-e2e", gated: true).Commit("main", HubFiles);
        ModelProject project = Project("hf-gated", "e2e/hf-gated-" + Guid.NewGuid().ToString("N")[..8], "hf://acme/gated-e2e");
        project.AddRandomFile("notes.txt", 10);

        ProcessResult publish = SourcePublish.Run(project, new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = NewCache(), ["HF_TOKEN"] = null, ["HUGGING_FACE_HUB_TOKEN"] = null });

        Assert.AreNotEqual(0, publish.ExitCode);
        StringAssert.Contains(publish.Output, "error MODELCAR027");
        StringAssert.Contains(publish.Output, "gated");
    }

    [TestMethod]
    public async Task Publish_ResolvesTheRevisionOnce_ThenAnUnchangedBuildNeedsNoHub()
    {
        FakeHuggingFaceHub hub = await FakeHuggingFaceHub.StartAsync();
        string commit = hub.AddRepo("acme/pinned-e2e").Commit("main", HubFiles);
        ModelProject project = Project("hf-pinned", "e2e/hf-pinned-" + Guid.NewGuid().ToString("N")[..8], "hf://acme/pinned-e2e:main");
        project.AddRandomFile("notes.txt", 10);
        var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint, ["MODELCAR_CACHE"] = NewCache() };

        // One publish plans (Build) and pushes: the revision is asked for once, and both use that commit.
        SourcePublish.Run(project, environment).EnsureSuccess("dotnet publish");
        Assert.AreEqual(1, hub.CountRequests("/revision/"), string.Join('\n', hub.Requests));
        Assert.AreEqual(commit, new PublishedImage(project).ImageJson.RootElement.GetProperty("sources")[0].GetProperty("revision").GetString());

        // The Hub goes away (offline): a build with nothing changed passes from the plan's pins, with no request.
        await hub.DisposeAsync();
        ProcessResult offline = ProcessRunner.Run("dotnet", ["build", project.ProjectFile, "-c", "Release", "-nodeReuse:false"],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>(environment) { ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder, ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_NOLOGO"] = "1" });
        offline.EnsureSuccess("dotnet build with the Hub unreachable");
        StringAssert.Contains(offline.Output, "4 file(s)", "the plan still lists the Hub's files and the local one");
    }
}
