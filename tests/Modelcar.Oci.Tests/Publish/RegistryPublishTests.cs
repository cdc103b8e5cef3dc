using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Publish;

/// <summary>Publishes to the test environment's real registry and reads the image back with skopeo and umoci.</summary>
[TestClass]
[TestCategory("Registry")]
public sealed class RegistryPublishTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client() =>
        new(TestEnvironment.Registry, new RegistryClientOptions { InsecureRegistries = [] });

    private static string NewRepository(string name) => $"modelcar-tests/publish-{name}-{Guid.NewGuid():N}";

    private async Task<BaseImage> ResolveAsync(RegistryClient client, string reference, string platform) =>
        await BaseImageResolver.ResolveAsync(client, ImageReference.Parse(reference), Platform.Parse(platform), Ct);

    private static ModelcarImageRequest Request(BaseImage baseImage, TestModel model) => new()
    {
        Base = baseImage,
        Layers = model.Plan(baseImage.Layers.Count),
        User = "1010",
        Tags = ["1.0", "latest"],
        Annotations = new Dictionary<string, string> { [OciAnnotations.BaseName] = baseImage.Reference?.ToString() ?? "" },
    };

    private async Task<PublishResult> PublishAsync(RegistryClient client, string repository, ModelcarImageRequest request) =>
        await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(request, new RegistryImageTarget(client, repository), Ct);

    /// <summary>Publishes with the digest cache at <paramref name="cachePath"/>, loaded fresh and saved after, as the task does.</summary>
    private async Task<PublishResult> PublishWithCacheAsync(RegistryClient client, string repository, ModelcarImageRequest request, string cachePath, IModelcarLog? log = null)
    {
        log ??= NullModelcarLog.Instance;
        var cache = LayerDigestCache.Load(cachePath, log);
        PublishResult result = await new ModelcarPublisher(log).PublishAsync(request, new RegistryImageTarget(client, repository, cache, log), Ct);
        cache.Save();
        return result;
    }

    [TestMethod]
    public async Task Publish_OnTheBusyboxBase_IsReadByUmoci_WithIdenticalModelFiles()
    {
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, TestEnvironment.BaseImage, "linux/amd64");
        string repository = NewRepository("busybox");
        using var model = new TestModel();

        PublishResult result = await PublishAsync(client, repository, Request(baseImage, model));

        PublishedLayer[] baseLayers = result.Layers.Where(l => l.IsBase).ToArray();
        Assert.HasCount(baseImage.Layers.Count, baseLayers);
        Assert.IsTrue(baseLayers.All(l => l.Outcome == BlobOutcome.Mounted), string.Join(", ", baseLayers.Select(l => l.Outcome)));
        Assert.IsTrue(result.Layers.Where(l => !l.IsBase).All(l => l.Outcome == BlobOutcome.Uploaded));

        string image = $"docker://{TestEnvironment.Registry}/{repository}:1.0";
        JsonObject inspect = ImageTools.Inspect(image);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)inspect["Digest"]);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:latest")["Digest"]);
        JsonObject config = ImageTools.Inspect(image, config: true);
        Assert.AreEqual("1010", (string?)config["config"]!["User"]);
        JsonObject manifest = ImageTools.Inspect(image, raw: true);
        Assert.AreEqual(MediaTypes.OciManifest, (string?)manifest["mediaType"]);

        using var work = new TempDirectory();
        string rootfs = ImageTools.Unpack(image, work);
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin", "busybox")));
        model.AssertUnpacked(rootfs);
    }

    [TestMethod]
    public async Task Publish_TheSameRequestTwice_GivesTheSameManifestDigest()
    {
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, TestEnvironment.BaseImage, "linux/amd64");
        using var model = new TestModel();
        ModelcarImageRequest request = Request(baseImage, model);
        string repository = NewRepository("twice");

        PublishResult first = await PublishAsync(client, repository, request);
        PublishResult second = await PublishAsync(client, repository, request);
        PublishResult elsewhere = await PublishAsync(client, NewRepository("elsewhere"), request);

        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        Assert.AreEqual(first.Manifest.Digest, elsewhere.Manifest.Digest);
        Assert.AreEqual(first.Config.Digest, second.Config.Digest);
        Assert.IsTrue(second.Layers.Where(l => l.IsBase).All(l => l.Outcome == BlobOutcome.Existed), "the base layers are already in the repository");
        Assert.AreEqual(first.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:1.0")["Digest"]);
    }

    [TestMethod]
    public async Task RepublishWithDigestCache_ReadsNoModelFile_AndWritesNoTag()
    {
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, TestEnvironment.BaseImage, "linux/amd64");
        using var model = new TestModel();
        ModelcarImageRequest request = Request(baseImage, model);
        string repository = NewRepository("cached");
        string cachePath = model.Directory.Combine("obj", "modelcar.digests.json");

        PublishResult first = await PublishWithCacheAsync(client, repository, request, cachePath);
        Assert.IsTrue(first.Layers.Where(l => !l.IsBase).All(l => l.Outcome == BlobOutcome.Uploaded));
        Assert.IsTrue(File.Exists(cachePath));

        // Proof that the second publish does not open the model files: rewrite the large file in place with
        // different bytes of the same length and put its mtime back. A (path, size, mtime) cache cannot see that
        // (the same trade-off as make's and MSBuild's incrementality), so a publish that did not read the file
        // still answers with the old digest; one that read it would give another layer and manifest digest.
        string weights = model.Files["model.safetensors"];
        DateTime mtime = File.GetLastWriteTimeUtc(weights);
        File.WriteAllBytes(weights, System.Security.Cryptography.RandomNumberGenerator.GetBytes((int)new FileInfo(weights).Length));
        File.SetLastWriteTimeUtc(weights, mtime);

        var log = new CollectingLog();
        PublishResult second = await PublishWithCacheAsync(client, repository, request, cachePath, log);

        PublishedLayer[] modelLayers = second.Layers.Where(l => !l.IsBase).ToArray();
        Assert.IsTrue(modelLayers.All(l => l.Outcome == BlobOutcome.Existed), string.Join(", ", modelLayers.Select(l => l.Outcome)));
        Assert.AreEqual(0, second.BytesUploaded);
        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest, "the old digests: nothing was read");
        CollectionAssert.AreEqual(first.Layers.Select(l => l.Descriptor.Digest).ToArray(), second.Layers.Select(l => l.Descriptor.Digest).ToArray());
        foreach (string tag in request.Tags)
        {
            Assert.IsTrue(log.Lines.Any(l => l.Contains($"{repository}:{tag} already points at {first.Manifest.Digest}")), $"tag {tag} is not written again:\n{string.Join("\n", log.Lines)}");
        }
        Assert.AreEqual(first.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:latest")["Digest"]);
    }

    [TestMethod]
    public async Task DigestCache_ForARepositoryWithoutTheBlobs_StreamsTheLayersAgain()
    {
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, TestEnvironment.BaseImage, "linux/amd64");
        using var model = new TestModel();
        ModelcarImageRequest request = Request(baseImage, model);
        string cachePath = model.Directory.Combine("obj", "modelcar.digests.json");
        PublishResult first = await PublishWithCacheAsync(client, NewRepository("cache-first"), request, cachePath);

        // The cache knows every layer, but this repository has none of them: each HEAD misses, so each layer is read.
        PublishResult elsewhere = await PublishWithCacheAsync(client, NewRepository("cache-elsewhere"), request, cachePath);

        Assert.IsTrue(elsewhere.Layers.Where(l => !l.IsBase).All(l => l.Outcome == BlobOutcome.Uploaded), string.Join(", ", elsewhere.Layers.Select(l => l.Outcome)));
        Assert.AreEqual(first.Manifest.Digest, elsewhere.Manifest.Digest);
        Assert.AreEqual(request.Layers.Count, LayerDigestCache.Load(cachePath).Count);
    }

    [TestMethod]
    public async Task DigestCache_AfterAModelFileChanges_ReadsThatLayerAgain()
    {
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, TestEnvironment.BaseImage, "linux/amd64");
        using var model = new TestModel();
        string repository = NewRepository("cache-changed");
        string cachePath = model.Directory.Combine("obj", "modelcar.digests.json");
        PublishResult first = await PublishWithCacheAsync(client, repository, Request(baseImage, model), cachePath);

        string config = model.Files["config.json"];
        File.WriteAllBytes(config, System.Security.Cryptography.RandomNumberGenerator.GetBytes(300));
        File.SetLastWriteTimeUtc(config, File.GetLastWriteTimeUtc(config).AddSeconds(5));
        ModelcarImageRequest changed = Request(baseImage, model);
        PublishResult second = await PublishWithCacheAsync(client, repository, changed, cachePath);

        Assert.AreNotEqual(first.Manifest.Digest, second.Manifest.Digest);
        PublishedLayer smallFiles = second.Layers.Where(l => !l.IsBase).Single(l => l.Description.Contains("files"));
        PublishedLayer weights = second.Layers.Where(l => !l.IsBase).Single(l => l.Description.Contains("model.safetensors"));
        Assert.AreEqual(BlobOutcome.Uploaded, smallFiles.Outcome);
        Assert.AreEqual(BlobOutcome.Existed, weights.Outcome);
        Assert.AreEqual(second.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:1.0")["Digest"]);
    }

    [TestMethod]
    public async Task MultiArchBase_Arm64_SelectsTheArm64Manifest()
    {
        string multiarch = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        using RegistryClient client = Client();

        BaseImage arm64 = await ResolveAsync(client, multiarch, "linux/arm64");
        BaseImage amd64 = await ResolveAsync(client, multiarch, "linux-x64");

        Assert.AreEqual("arm64", (string?)arm64.Config!["architecture"]);
        Assert.AreEqual("amd64", (string?)amd64.Config!["architecture"]);
        Assert.AreNotEqual(arm64.ManifestDigest, amd64.ManifestDigest);
        JsonObject index = ImageTools.Inspect($"docker://{multiarch}", raw: true);
        string? expected = index["manifests"]!.AsArray().Single(m => (string?)m!["platform"]!["architecture"] == "arm64")!["digest"]!.GetValue<string>();
        Assert.AreEqual(expected, arm64.ManifestDigest.ToString());

        string repository = NewRepository("arm64");
        using var model = new TestModel(largeFileSize: 1024);
        PublishResult result = await PublishAsync(client, repository, Request(arm64, model));
        JsonObject config = ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}@{result.Manifest.Digest}", config: true);
        Assert.AreEqual("arm64", (string?)config["architecture"]);
    }

    [TestMethod]
    public async Task MultiArchBase_MissingPlatform_ThrowsBaseImagePlatformMissing()
    {
        string multiarch = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        using RegistryClient client = Client();

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ResolveAsync(client, multiarch, "linux/s390x"));

        Assert.AreEqual(ErrorCodes.BaseImagePlatformMissing, e.Code);
        StringAssert.Contains(e.Message, "linux/amd64");
        StringAssert.Contains(e.Message, "linux/arm64");
    }

    [TestMethod]
    public async Task SingleManifestBase_ForAnotherPlatform_ThrowsBaseImagePlatformMissing()
    {
        using RegistryClient client = Client();

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ResolveAsync(client, TestEnvironment.BaseImage, "linux/s390x"));

        Assert.AreEqual(ErrorCodes.BaseImagePlatformMissing, e.Code);
    }

    [TestMethod]
    public async Task MissingBaseTag_ThrowsBaseImageNotFound()
    {
        ImageReference existing = ImageReference.Parse(TestEnvironment.BaseImage);
        using RegistryClient client = Client();

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() =>
            ResolveAsync(client, (existing with { Tag = "no-such-tag-" + Guid.NewGuid().ToString("N")[..8] }).ToString(), "linux/amd64"));

        Assert.AreEqual(ErrorCodes.BaseImageNotFound, e.Code);
    }

    [TestMethod]
    public async Task EntrypointBase_HasItsEntrypointCleared()
    {
        string withEntrypoint = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_ENTRYPOINT");
        using RegistryClient client = Client();
        BaseImage baseImage = await ResolveAsync(client, withEntrypoint, "linux/amd64");
        string repository = NewRepository("entrypoint");
        using var model = new TestModel(largeFileSize: 1024);

        PublishResult result = await PublishAsync(client, repository, Request(baseImage, model));

        Assert.IsTrue(result.ClearedBaseEntrypoint);
        JsonObject config = ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:1.0", config: true);
        Assert.IsNull(config["config"]!["Entrypoint"]);
    }
}
