using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Build;

[TestClass]
public sealed class CompressedLayerTests
{
    public TestContext TestContext { get; set; } = null!;

    private static LayerContent Layer(TempDirectory directory, params (string Name, byte[] Content)[] files) =>
        LayerContent.ForFiles("models", files.Select(f => TarEntry.File($"models/{f.Name}", f.Content.Length, new LocalFile(directory.WriteFile(f.Name, f.Content)))), 0);

    private static byte[] Json(int entries) =>
        Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, entries).Select(i => $"\"tok{i}\":{i}")) + "}");

    private static async Task<Digest> DigestOfAsync(Stream stream)
    {
        await using (stream) return Digest.FromSha256Hash(await SHA256.HashDataAsync(stream));
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip)]
    [DataRow(LayerCompression.Zstd)]
    public async Task Text_Pays_AndItsDiffIdIsThePlainTarDigest(LayerCompression compression)
    {
        using var directory = new TempDirectory();
        LayerContent content = Layer(directory, ("config.json", Json(50)), ("tokenizer.json", Json(20_000)));

        CompressedLayer layer = await CompressedLayer.MeasureAsync(content, compression, TestContext.CancellationToken);

        Assert.IsTrue(layer.Pays, layer.Summary);
        Assert.AreEqual(compression.MediaType(), layer.Descriptor.MediaType);
        Assert.AreEqual(await DigestOfAsync(content.OpenRead()), layer.DiffId);
        Assert.AreEqual(layer.Descriptor.Digest, await DigestOfAsync(layer.OpenRead()));
        StringAssert.StartsWith(layer.Summary, compression.Name());
    }

    [TestMethod]
    public async Task RandomBytes_DoNotPay()
    {
        using var directory = new TempDirectory();
        LayerContent content = Layer(directory, ("vocab.bin", RandomNumberGenerator.GetBytes(200_000)));

        CompressedLayer layer = await CompressedLayer.MeasureAsync(content, LayerCompression.Zstd, TestContext.CancellationToken);

        Assert.IsFalse(layer.Pays, layer.Summary);
    }

    [TestMethod]
    public async Task OverTheInMemoryLimit_IsCompressedAgainWhenRead_ToTheSameDigest()
    {
        using var directory = new TempDirectory();
        // Random bytes stay about their size compressed, so this passes the in-memory limit.
        LayerContent content = Layer(directory, ("a.bin", RandomNumberGenerator.GetBytes(CompressedLayer.KeepInMemoryLimit + 4096)), ("b.json", Json(1000)));

        CompressedLayer layer = await CompressedLayer.MeasureAsync(content, LayerCompression.Gzip, TestContext.CancellationToken);

        Assert.IsGreaterThan(CompressedLayer.KeepInMemoryLimit, layer.Descriptor.Size);
        await using Stream again = layer.OpenRead();
        Assert.IsInstanceOfType<CompressingReadStream>(again, "a second pass, not a buffer");
        Assert.AreEqual(layer.Descriptor.Digest, await DigestOfAsync(again));
    }
}
