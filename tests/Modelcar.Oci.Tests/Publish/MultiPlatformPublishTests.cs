using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Publish;

/// <summary>
/// A multi-platform base gives a multi-platform modelcar: one index whose every platform manifest carries the
/// same model layers. Read back per platform with skopeo --override-arch and umoci.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class MultiPlatformPublishTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static readonly Platform[] Platforms = [Platform.Parse("linux-x64"), Platform.Parse("linux-arm64")];

    private static ModelcarImageRequest Request(IReadOnlyList<BaseImage> bases, TestModel model) => new()
    {
        Base = bases[0],
        AdditionalBases = bases.Skip(1).ToList(),
        Layers = model.Plan(bases.Max(b => b.Layers.Count)),
        User = "1010",
        Tags = ["1.0"],
        Annotations = new Dictionary<string, string> { [OciAnnotations.Version] = "1.0" },
    };

    /// <summary>skopeo copy of one platform into a layout, then umoci unpack; returns the rootfs and the config.</summary>
    private static (string RootFs, JsonObject Config) ReadPlatform(string image, string architecture, TempDirectory work)
    {
        string layout = work.Combine($"layout-{architecture}");
        List<string> copy = ["--override-arch", architecture, "--override-os", "linux", "copy", "--quiet"];
        if (image.StartsWith("docker://", StringComparison.Ordinal)) copy.Add("--src-tls-verify=false");
        copy.AddRange([image, $"oci:{layout}:x"]);
        ProcessRunner.Run("skopeo", [.. copy]);
        JsonObject config = JsonNode.Parse(ProcessRunner.Run("skopeo", "inspect", "--config", $"oci:{layout}:x").StandardOutput)!.AsObject();
        string bundle = work.Combine($"bundle-{architecture}");
        ProcessRunner.Run("umoci", "unpack", "--image", $"{layout}:x", bundle);
        return (Path.Combine(bundle, "rootfs"), config);
    }

    private static void AssertIndexOfBothPlatforms(JsonObject index, PublishResult result)
    {
        Assert.AreEqual(MediaTypes.OciIndex, (string?)index["mediaType"]);
        JsonArray manifests = index["manifests"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "amd64", "arm64" }, manifests.Select(m => (string?)m!["platform"]!["architecture"]).ToArray());
        Assert.HasCount(2, result.PlatformManifests);
        Assert.AreEqual(MediaTypes.OciIndex, result.Manifest.MediaType);
    }

    [TestMethod]
    public async Task Registry_GetsOneIndex_WhosePlatformsShareTheModelLayers_UploadedOnce()
    {
        using var client = new RegistryClient(TestEnvironment.Registry, new RegistryClientOptions());
        string baseName = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        var reference = ImageReference.Parse(baseName);
        IReadOnlyList<BaseImage> bases = await BaseImageResolver.ResolveAllAsync(new RegistryImageSource(client, reference), reference.ManifestReference, Platforms, Ct, reference);
        using var model = new TestModel();
        string repository = $"modelcar-tests/multiarch-{Guid.NewGuid():N}";

        PublishResult result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(bases, model), new RegistryImageTarget(client, repository), Ct);

        string image = $"docker://{TestEnvironment.Registry}/{repository}:1.0";
        AssertIndexOfBothPlatforms(ImageTools.Inspect(image, raw: true), result);
        PublishedLayer[] modelLayers = [.. result.Layers.Where(l => !l.IsBase)];
        Assert.HasCount(model.Plan().Count, modelLayers, "each model layer moves once, not once per platform");
        Assert.IsTrue(modelLayers.All(l => l.Outcome == BlobOutcome.Uploaded));

        using var work = new TempDirectory();
        var layerSets = new List<string[]>();
        foreach (string architecture in new[] { "amd64", "arm64" })
        {
            (string rootfs, JsonObject config) = ReadPlatform(image, architecture, work);
            Assert.AreEqual(architecture, (string?)config["architecture"]);
            Assert.AreEqual("1010", (string?)config["config"]!["User"]);
            Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin", "busybox")), architecture);
            model.AssertUnpacked(rootfs);
            JsonObject manifest = ImageTools.Inspect(image.Replace(":1.0", "@" + result.PlatformManifests.Single(m => m.Platform!.Architecture == architecture).Digest), raw: true);
            layerSets.Add([.. manifest["layers"]!.AsArray().TakeLast(modelLayers.Length).Select(l => (string)l!["digest"]!)]);
        }
        CollectionAssert.AreEqual(layerSets[0], layerSets[1], "both platforms carry the same model layers");
        CollectionAssert.AreEqual(modelLayers.Select(l => l.Descriptor.Digest.ToString()).ToArray(), layerSets[0]);
    }

    [TestMethod]
    public async Task Archive_HoldsTheIndex_AndEveryPlatformReadsBack()
    {
        using var client = new RegistryClient(TestEnvironment.Registry, new RegistryClientOptions());
        var reference = ImageReference.Parse(TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH"));
        IReadOnlyList<BaseImage> bases = await BaseImageResolver.ResolveAllAsync(new RegistryImageSource(client, reference), reference.ManifestReference, Platforms, Ct, reference);
        using var model = new TestModel();
        using var work = new TempDirectory();
        string archive = work.Combine("multi.oci.tar");

        PublishResult result;
        await using (OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("quay.io/acme/model"), 0, Ct))
        {
            result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(bases, model), target, Ct);
        }

        AssertIndexOfBothPlatforms(ImageTools.Inspect($"oci-archive:{archive}", raw: true), result);
        foreach (string architecture in new[] { "amd64", "arm64" })
        {
            (string rootfs, JsonObject config) = ReadPlatform($"oci-archive:{archive}", architecture, work);
            Assert.AreEqual(architecture, (string?)config["architecture"]);
            model.AssertUnpacked(rootfs);
        }
    }

    [TestMethod]
    public async Task Scratch_ForTwoPlatforms_IsAnIndexOfTwoBaseLessImages()
    {
        using var model = new TestModel();
        using var work = new TempDirectory();
        string archive = work.Combine("scratch.oci.tar");
        IReadOnlyList<BaseImage> bases = [.. Platforms.Select(BaseImage.Scratch)];

        PublishResult result;
        await using (OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, null, 0, Ct))
        {
            result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(bases, model), target, Ct);
        }

        AssertIndexOfBothPlatforms(ImageTools.Inspect($"oci-archive:{archive}", raw: true), result);
        (string rootfs, JsonObject config) = ReadPlatform($"oci-archive:{archive}", "arm64", work);
        Assert.AreEqual("arm64", (string?)config["architecture"]);
        Assert.HasCount(1, Directory.GetFileSystemEntries(rootfs), "only /models");
        model.AssertUnpacked(rootfs);
    }
}
