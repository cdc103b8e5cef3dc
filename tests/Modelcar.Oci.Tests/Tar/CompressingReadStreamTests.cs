using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Tar;

[TestClass]
public sealed class CompressingReadStreamTests
{
    /// <summary>Half text that compresses, half random bytes that do not, longer than several of the stream's slices.</summary>
    private static byte[] MixedContent()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"\"token{i % 977}\":{i}")));
        return [.. text, .. RandomNumberGenerator.GetBytes(300_000)];
    }

    /// <summary>Reads the whole stream in reads of uneven sizes, as HTTP content and the archive writer do.</summary>
    private static byte[] ReadUnevenly(Stream stream)
    {
        using var output = new MemoryStream();
        byte[] buffer = new byte[70_001];
        int[] sizes = [1, 7, 4096, 70_001, 513];
        for (int i = 0, read; (read = stream.Read(buffer, 0, sizes[i % sizes.Length])) > 0; i++) output.Write(buffer, 0, read);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] content, LayerCompression compression)
    {
        using var stream = new CompressingReadStream(new MemoryStream(content), content.Length, compression);
        return ReadUnevenly(stream);
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip)]
    [DataRow(LayerCompression.Zstd)]
    public void Compressed_DecompressesToTheInput_AndIsSmaller(LayerCompression compression)
    {
        byte[] content = MixedContent();

        byte[] compressed = Compress(content, compression);

        CollectionAssert.AreEqual(content, LayerBlobs.Decompress(compressed, compression));
        Assert.IsLessThan(content.Length * 0.9, compressed.Length, "the text half compresses");
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip)]
    [DataRow(LayerCompression.Zstd)]
    public void SameInput_GivesTheSameBytes(LayerCompression compression)
    {
        byte[] content = MixedContent();

        CollectionAssert.AreEqual(Compress(content, compression), Compress(content, compression));
    }

    [TestMethod]
    public void UncompressedDigest_IsTheDigestOfTheInput_OnceReadToTheEnd()
    {
        byte[] content = MixedContent();
        using var stream = new CompressingReadStream(new MemoryStream(content), content.Length, LayerCompression.Zstd);

        Assert.ThrowsExactly<InvalidOperationException>(() => _ = stream.UncompressedDigest);
        ReadUnevenly(stream);

        Assert.AreEqual(Digest.ComputeSha256(content), stream.UncompressedDigest);
    }

    [TestMethod]
    public void Gzip_HasAFixedHeader_AndATrailerThatGzipAccepts()
    {
        byte[] content = MixedContent();

        byte[] compressed = Compress(content, LayerCompression.Gzip);

        // ID1 ID2 CM FLG, MTIME 0, XFL, OS 255: no byte depends on the machine or the time.
        CollectionAssert.AreEqual(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }, compressed[..10]);
        // gzip itself checks the CRC-32 and the length in the trailer.
        using var directory = new TempDirectory();
        string file = directory.WriteFile("layer.tar.gz", compressed);
        ProcessRunner.Require("gzip");
        ProcessRunner.Run("gzip", "--test", file);
    }

    [TestMethod]
    public async Task ReadAsync_GivesTheSameBytesAsRead()
    {
        byte[] content = MixedContent();
        await using var stream = new CompressingReadStream(new MemoryStream(content), content.Length, LayerCompression.Zstd);
        using var output = new MemoryStream();

        await stream.CopyToAsync(output, TestContext.CancellationToken);

        CollectionAssert.AreEqual(Compress(content, LayerCompression.Zstd), output.ToArray());
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip)]
    [DataRow(LayerCompression.Zstd)]
    public void StoppedEarly_DisposesWithoutError(LayerCompression compression)
    {
        byte[] content = MixedContent();
        var stream = new CompressingReadStream(new MemoryStream(content), content.Length, compression);

        Assert.IsGreaterThan(0, stream.Read(new byte[100], 0, 100));

        stream.Dispose();
    }

    [TestMethod]
    public void None_IsRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CompressingReadStream(new MemoryStream([1]), 1, LayerCompression.None));
    }

    public TestContext TestContext { get; set; } = null!;
}
