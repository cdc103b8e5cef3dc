using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Publish;

/// <summary>
/// A gzipped model layer of an existing image, carried into a new one: its blob keeps its digest, the config
/// gets its diff_id (the digest of the uncompressed tar, unlike the SDK's own uncompressed layers), and umoci,
/// which checks every diff_id, unpacks the result.
/// </summary>
[TestClass]
public sealed class InheritedLayerPublishTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Blobs held in memory: the layer of a source image, without a registry to hold it.</summary>
    private sealed class MemoryBlobs(Dictionary<Digest, byte[]> blobs) : IBlobSource
    {
        public string? Registry => null;
        public string? Repository => null;
        public Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken) => Task.FromResult<Stream>(new MemoryStream(blobs[digest], writable: false));
    }

    [TestMethod]
    public async Task ACompressedInheritedLayer_KeepsItsDigest_AndGetsItsDiffIdInTheConfig()
    {
        byte[] weights = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000);
        byte[] tar = Tar(weights);
        byte[] gzipped = Gzip(tar);
        var layer = new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = Digest.ComputeSha256(gzipped), Size = gzipped.Length };
        Digest diffId = Digest.ComputeSha256(tar);
        var inherited = new InheritedModelLayer(
            layer with { MediaType = MediaTypes.ToOciLayer(layer.MediaType) },
            diffId,
            new MemoryBlobs(new() { [layer.Digest] = gzipped }),
            [new InheritedModelFile("inherited/weights.bin", weights.Length)],
            "oci://registry.test/acme/source:1.0");
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");
        var request = new ModelcarImageRequest
        {
            Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
            InheritedLayers = [inherited],
            Layers = model.Plan(baseLayers: 1),
            User = "1010",
            Tags = ["1.0"],
        };

        PublishResult result;
        await using (OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("quay.io/acme/model"), 0, TestContext.CancellationToken))
        {
            result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(request, target, TestContext.CancellationToken);
        }

        Assert.AreEqual(layer.Digest, result.Layers[0].Descriptor.Digest, "the carried layer comes first, after the (empty) base");
        Assert.IsFalse(result.Layers[0].IsBase);
        JsonObject manifest = ImageTools.Inspect($"oci-archive:{archive}", raw: true);
        JsonNode firstLayer = manifest["layers"]![0]!;
        Assert.AreEqual(layer.Digest.ToString(), (string?)firstLayer["digest"]);
        Assert.AreEqual(MediaTypes.OciLayerGzip, (string?)firstLayer["mediaType"]);
        Assert.AreEqual(result.Layers.Count, manifest["layers"]!.AsArray().Count);

        JsonObject config = ImageTools.Inspect($"oci-archive:{archive}", config: true);
        JsonArray diffIds = config["rootfs"]!["diff_ids"]!.AsArray();
        Assert.AreEqual(diffId.ToString(), (string?)diffIds[0]);
        Assert.AreEqual(result.Layers.Count, diffIds.Count);
        StringAssert.StartsWith((string?)config["history"]![0]!["created_by"], "COPY --from=oci://registry.test/acme/source:1.0 /models/");

        string rootfs = ImageTools.Unpack($"oci-archive:{archive}", output);
        CollectionAssert.AreEqual(weights, File.ReadAllBytes(Path.Combine(rootfs, "models", "inherited", "weights.bin")));
        foreach ((string target, string source) in model.Files)
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(rootfs, "models", target)), target);
        }
    }

    private static byte[] Tar(byte[] weights)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "models/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "models/inherited/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "models/inherited/weights.bin") { DataStream = new MemoryStream(weights), Mode = (UnixFileMode)0b110_100_100 });
        }
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }
}
