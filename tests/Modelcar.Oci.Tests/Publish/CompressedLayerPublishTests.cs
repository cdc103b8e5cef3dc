using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Publish;

/// <summary>
/// ModelcarSmallFileCompression: the small-file layer goes gzip- or zstd-compressed to the real registry and into an
/// archive, the config lists the uncompressed tar's digest, and skopeo and umoci read the files back unchanged.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class CompressedLayerPublishTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client() => new(TestEnvironment.Registry, new RegistryClientOptions { InsecureRegistries = [] });

    private static string NewRepository(string name) => $"modelcar-tests/compressed-{name}-{Guid.NewGuid():N}";

    private static ModelcarImageRequest Request(TestModel model, LayerCompression compression) => new()
    {
        Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
        Layers = model.Plan(0, compression),
        User = "1010",
        Tags = ["1.0"],
    };

    private async Task<PublishResult> PublishAsync(RegistryClient client, string repository, ModelcarImageRequest request, LayerDigestCache? cache = null, IModelcarLog? log = null)
    {
        log ??= NullModelcarLog.Instance;
        PublishResult result = await new ModelcarPublisher(log).PublishAsync(request, new RegistryImageTarget(client, repository, cache, log), Ct);
        cache?.Save();
        return result;
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip)]
    [DataRow(LayerCompression.Zstd)]
    public async Task SmallFiles_GoCompressed_AndUmociUnpacksTheSameFiles(LayerCompression compression)
    {
        using RegistryClient client = Client();
        using var model = new TestModel(textFiles: true);
        string repository = NewRepository(compression.Name());
        var log = new CollectingLog();

        PublishResult result = await PublishAsync(client, repository, Request(model, compression), log: log);

        string image = $"docker://{TestEnvironment.Registry}/{repository}:1.0";
        JsonArray layers = ImageTools.Inspect(image, raw: true)["layers"]!.AsArray();
        CollectionAssert.AreEqual(new[] { MediaTypes.OciLayer, compression.MediaType() }, layers.Select(l => (string?)l!["mediaType"]).ToArray());
        // The config lists the uncompressed tar's digest (diff_id), which is the blob's digest only for the plain layer.
        Descriptor small = result.Layers[1].Descriptor;
        byte[] tar = LayerBlobs.Decompress(await client.GetBlobBytesAsync(repository, small.Digest, Ct), compression);
        JsonArray diffIds = ImageTools.Inspect(image, config: true)["rootfs"]!["diff_ids"]!.AsArray();
        CollectionAssert.AreEqual(
            new[] { result.Layers[0].Descriptor.Digest.ToString(), Digest.ComputeSha256(tar).ToString() },
            diffIds.Select(d => (string?)d).ToArray());
        Assert.IsLessThan(tar.Length * 0.9, small.Size);
        Assert.IsTrue(log.Lines.Any(l => l.Contains($"({compression.Name()}, ")), string.Join("\n", log.Lines));

        using var work = new TempDirectory();
        model.AssertUnpacked(compression == LayerCompression.Gzip ? ImageTools.Unpack(image, work) : ImageTools.UnpackWithTar(image, work));
    }

    [TestMethod]
    public async Task SmallFilesThatDoNotCompress_StayAPlainTar()
    {
        using RegistryClient client = Client();
        using var model = new TestModel(); // random bytes only
        var log = new CollectingLog();
        // The 17 MiB file counts as small here, so the one layer is nearly all random bytes (tar headers alone compress).
        ModelcarImageRequest request = Request(model, LayerCompression.Zstd) with
        {
            Layers = LayerPlanner.Plan(model.PlannedFiles, new LayerPlanOptions { LargeFileThreshold = 64 * LayerPlanOptions.MiB, SmallFileCompression = LayerCompression.Zstd }),
        };

        PublishResult result = await PublishAsync(client, NewRepository("random"), request, log: log);

        Assert.HasCount(1, result.Layers);
        Assert.AreEqual(MediaTypes.OciLayer, result.Layers[0].Descriptor.MediaType);
        Assert.IsTrue(log.Lines.Any(l => l.Contains("written as a plain tar")), string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task Republish_WithTheDigestCache_ReadsNothing_AndGivesTheSameImage()
    {
        using RegistryClient client = Client();
        using var model = new TestModel(textFiles: true);
        string repository = NewRepository("cached");
        string cachePath = model.Directory.Combine("obj", "digests.json");
        ModelcarImageRequest request = Request(model, LayerCompression.Zstd);
        PublishResult first = await PublishAsync(client, repository, request, LayerDigestCache.Load(cachePath));

        // As in RegistryPublishTests: new bytes under the old size and mtime prove the second publish read nothing.
        string tokenizer = model.Files["tokenizer.json"];
        DateTime mtime = File.GetLastWriteTimeUtc(tokenizer);
        File.WriteAllBytes(tokenizer, RandomNumberGenerator.GetBytes((int)new FileInfo(tokenizer).Length));
        File.SetLastWriteTimeUtc(tokenizer, mtime);
        PublishResult second = await PublishAsync(client, repository, request, LayerDigestCache.Load(cachePath));

        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        Assert.IsTrue(second.Layers.All(l => l.Outcome == BlobOutcome.Existed), string.Join(", ", second.Layers.Select(l => l.Outcome)));
        Assert.AreEqual(MediaTypes.OciLayerZstd, second.Layers[1].Descriptor.MediaType);
    }

    [TestMethod]
    public async Task SameModel_InTwoRepositories_GivesTheSameCompressedDigest()
    {
        using RegistryClient client = Client();
        using var model = new TestModel(textFiles: true);
        ModelcarImageRequest request = Request(model, LayerCompression.Gzip);

        PublishResult first = await PublishAsync(client, NewRepository("one"), request);
        PublishResult second = await PublishAsync(client, NewRepository("two"), request);

        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        Assert.AreEqual(first.Layers[1].Descriptor, second.Layers[1].Descriptor);
    }

    [TestMethod]
    public async Task Archive_HoldsTheCompressedLayer_ThatSkopeoAndUmociRead()
    {
        using var model = new TestModel(textFiles: true);
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");

        PublishResult result;
        await using (OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("quay.io/acme/model"), 0, Ct))
        {
            result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(model, LayerCompression.Zstd), target, Ct);
        }

        Assert.AreEqual(MediaTypes.OciLayerZstd, result.Layers[1].Descriptor.MediaType);
        JsonArray layers = ImageTools.Inspect($"oci-archive:{archive}", raw: true)["layers"]!.AsArray();
        Assert.AreEqual(MediaTypes.OciLayerZstd, (string?)layers[1]!["mediaType"]);
        using var work = new TempDirectory();
        model.AssertUnpacked(ImageTools.UnpackWithTar($"oci-archive:{archive}", work));
    }
}
