using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;
using TarEntry = Modelcar.Oci.Tar.TarEntry;

namespace Modelcar.Oci.Tests.Tar;

/// <summary>
/// A file over 8 GiB, made as a sparse file so it costs no disk: the layer must carry a PAX size record and a
/// base-256 ustar size that every reader agrees on.
/// </summary>
[TestClass]
public sealed class LargeFileTarTests
{
    private const long Size = 9L << 30;

    private static (TempDirectory Directory, LayerContent Layer) SparseLayer()
    {
        var directory = new TempDirectory();
        string file = directory.Combine("big.safetensors");
        using (var stream = new FileStream(file, FileMode.CreateNew))
        {
            stream.SetLength(Size);
        }
        return (directory, LayerContent.ForFiles("models", [TarEntry.File("models/big.safetensors", Size, new LocalFile(file))], 0));
    }

    [TestMethod]
    public void FirstMiB_HasPaxSizeRecordAndBase256Field()
    {
        (TempDirectory directory, LayerContent layer) = SparseLayer();
        using var _ = directory;

        byte[] head = new byte[1024 * 1024];
        using (Stream stream = layer.OpenRead())
        {
            stream.ReadExactly(head);
        }

        Assert.AreEqual(512 + 3 * 512 + Size + 1024, layer.Length);
        Assert.AreEqual("models/", Encoding.ASCII.GetString(head, 0, 7));
        Assert.AreEqual((byte)'5', head[156]);
        byte[] pax = head[512..1024];
        Assert.AreEqual((byte)'x', pax[156]);
        string records = Encoding.UTF8.GetString(head, 1024, (int)Convert.ToInt64(Encoding.ASCII.GetString(pax, 124, 11), 8));
        Assert.AreEqual(TarHeaderWriterTests.PaxRecord("size", Size.ToString()), records);
        byte[] ustar = head[1536..2048];
        Assert.AreEqual("models/big.safetensors", Encoding.ASCII.GetString(ustar, 0, 22));
        Assert.AreEqual((byte)'0', ustar[156]);
        TarHeaderWriterTests.AssertBase256Size(ustar, Size);
        Assert.IsTrue(head.AsSpan(2048).IndexOfAnyExcept((byte)0) < 0, "the sparse file reads as zeros");

        // .NET's reader frames the entry from these headers too (a non-seekable reader would need the data).
        using var reader = new TarReader(new ForwardOnlyStream(new MemoryStream(head)));
        Assert.AreEqual("models/", reader.GetNextEntry()!.Name);
        System.Formats.Tar.TarEntry big = reader.GetNextEntry()!;
        Assert.AreEqual("models/big.safetensors", big.Name);
        Assert.AreEqual(Size, big.Length);
    }

    /// <summary>Streams all 9 GiB (zeros from a sparse file) through SHA-256 and into GNU tar's stdin.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void WholeStream_IsReadByGnuTar_AndHasTheExactLength()
    {
        (TempDirectory directory, LayerContent layer) = SparseLayer();
        using var _ = directory;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using Stream stream = layer.OpenRead();
        using var hashing = new HashingReadStream(stream, hash);
        string[] lines = TarListing.ListWithGnuTar(hashing);

        Assert.AreEqual(layer.Length, hashing.BytesRead);
        Assert.HasCount(2, lines);
        var big = TarListing.ParseGnuLine(lines[1]);
        Assert.AreEqual("models/big.safetensors", big.Name);
        Assert.AreEqual(Size, big.Size);
        Assert.AreEqual("-rw-r--r--", big.Mode);
        Assert.AreEqual(64, Convert.ToHexStringLower(hash.GetHashAndReset()).Length);
    }

    /// <summary>Hashes what passes through, and counts it.</summary>
    private sealed class HashingReadStream(Stream inner, IncrementalHash hash) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            hash.AppendData(buffer, offset, read);
            BytesRead += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
