using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;
using TarEntry = Modelcar.Oci.Tar.TarEntry;

namespace Modelcar.Oci.Tests.Tar;

[TestClass]
public sealed class TarHeaderWriterTests
{
    private static string Field(byte[] header, int offset, int length) =>
        Encoding.ASCII.GetString(header, offset, length).TrimEnd('\0', ' ');

    private static byte[] OneFileTar(TempDirectory directory, string path, byte[] content)
    {
        string file = directory.WriteFile("content.bin", content);
        return TarListing.ReadAll(new LayerContent([TarEntry.File(path, content.Length, new LocalFile(file))], 0));
    }

    [TestMethod]
    public void ShortPath_IsOneUstarBlock_WithAValidChecksum()
    {
        byte[] header = TarHeaderWriter.Write(TarEntry.File("models/config.json", 1234, new LocalFile("/x")), 42);

        Assert.HasCount(512, header);
        Assert.AreEqual("models/config.json", Field(header, 0, 100));
        Assert.AreEqual("0000644", Field(header, 100, 8));
        Assert.AreEqual("0000000", Field(header, 108, 8));
        Assert.AreEqual("0000000", Field(header, 116, 8));
        Assert.AreEqual(Convert.ToString(1234, 8).PadLeft(11, '0'), Field(header, 124, 12));
        Assert.AreEqual(Convert.ToString(42, 8).PadLeft(11, '0'), Field(header, 136, 12));
        Assert.AreEqual((byte)'0', header[156]);
        Assert.AreEqual("ustar\000", Encoding.ASCII.GetString(header, 257, 8));
        Assert.AreEqual("", Field(header, 265, 32), "no user name");
        Assert.AreEqual("", Field(header, 297, 32), "no group name");

        int sum = header.Select((b, i) => i is >= 148 and < 156 ? (int)' ' : b).Sum();
        Assert.AreEqual(sum, Convert.ToInt32(Field(header, 148, 8), 8));
    }

    [TestMethod]
    public void Directory_HasTypeFiveAndMode0755()
    {
        byte[] header = TarHeaderWriter.Write(TarEntry.Directory("models/tokenizer"), 0);

        Assert.AreEqual("models/tokenizer/", Field(header, 0, 100));
        Assert.AreEqual((byte)'5', header[156]);
        Assert.AreEqual("0000755", Field(header, 100, 8));
        Assert.AreEqual("00000000000", Field(header, 124, 12));
    }

    [TestMethod]
    public void PathOver100_WithAGoodSplit_UsesTheUstarPrefix()
    {
        using var directory = new TempDirectory();
        string path = "models/" + new string('d', 90) + "/" + new string('f', 95);
        Assert.IsTrue(path.Length > 100);
        var entry = TarEntry.File(path, 5, new LocalFile("/x"));

        byte[] header = TarHeaderWriter.Write(entry, 0);
        byte[] tar = OneFileTar(directory, path, [1, 2, 3, 4, 5]);

        Assert.AreEqual(512, TarHeaderWriter.HeaderLength(entry), "no PAX header needed");
        Assert.AreEqual(new string('f', 95), Field(header, 0, 100));
        Assert.AreEqual("models/" + new string('d', 90), Field(header, 345, 155));
        Assert.AreEqual(path, TarListing.ReadWithTarReader(tar).Single().Name);
        Assert.AreEqual(path, TarListing.ParseGnuLine(TarListing.ListWithGnuTar(new MemoryStream(tar)).Single()).Name);
    }

    [TestMethod]
    [DataRow(300, DisplayName = "one 300-character segment")]
    [DataRow(101, DisplayName = "a 101-character file name")]
    public void PathThatCannotBeSplit_GetsAPaxPathRecord(int nameLength)
    {
        using var directory = new TempDirectory();
        string path = "models/" + new string('x', nameLength);
        var entry = TarEntry.File(path, 3, new LocalFile("/x"));

        byte[] header = TarHeaderWriter.Write(entry, 0);
        byte[] tar = OneFileTar(directory, path, [7, 8, 9]);

        Assert.AreEqual(512 * 3, TarHeaderWriter.HeaderLength(entry));
        Assert.AreEqual((byte)'x', header[156], "a PAX extended header comes first");
        string records = Encoding.UTF8.GetString(header, 512, (int)Convert.ToInt64(Field(header, 124, 12), 8));
        Assert.AreEqual(PaxRecord("path", path), records);
        TarListing.Entry read = TarListing.ReadWithTarReader(tar).Single();
        Assert.AreEqual(path, read.Name);
        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, read.Content);
        Assert.AreEqual(path, TarListing.ParseGnuLine(TarListing.ListWithGnuTar(new MemoryStream(tar)).Single()).Name);
    }

    [TestMethod]
    public void NonAsciiPath_GoesToPaxAsUtf8()
    {
        using var directory = new TempDirectory();
        string path = "models/tokenizer/vocabulário-日本語.json";

        byte[] tar = OneFileTar(directory, path, [1]);

        Assert.AreEqual(path, TarListing.ReadWithTarReader(tar).Single().Name);
    }

    [TestMethod]
    public void PaxRecordLength_CountsItsOwnDigits()
    {
        // Record bodies around the 9/10 and 99/100 boundaries, where the length field gains a digit.
        foreach (int nameLength in Enumerable.Range(80, 30).Concat(Enumerable.Range(170, 200)))
        {
            string path = "models/" + new string('p', nameLength);
            var entry = TarEntry.File(path, 0, new LocalFile("/x"));
            if (TarHeaderWriter.HeaderLength(entry) == 512) continue;
            byte[] header = TarHeaderWriter.Write(entry, 0);
            string records = Encoding.UTF8.GetString(header, 512, (int)Convert.ToInt64(Field(header, 124, 12), 8));
            Assert.AreEqual(PaxRecord("path", path), records, $"length {path.Length}");
        }
    }

    [TestMethod]
    public void SizeOver8GiB_HasAPaxSizeRecord_AndABase256Field()
    {
        const long size = 9L << 30;
        var entry = TarEntry.File("models/big.safetensors", size, new LocalFile("/x"));

        byte[] header = TarHeaderWriter.Write(entry, 0);

        Assert.AreEqual(512 * 3, header.Length);
        Assert.AreEqual((byte)'x', header[156]);
        string records = Encoding.UTF8.GetString(header, 512, (int)Convert.ToInt64(Field(header, 124, 12), 8));
        Assert.AreEqual(PaxRecord("size", "9663676416"), records);
        byte[] ustar = header[1024..];
        AssertBase256Size(ustar, size);
        Assert.AreEqual("models/big.safetensors", Field(ustar, 0, 100));

        // TarReader reads the header; the data would follow (it is not there, so do not touch it).
        using var reader = new TarReader(new ForwardOnlyStream(new MemoryStream(header)));
        System.Formats.Tar.TarEntry read = reader.GetNextEntry(copyData: false)!;
        Assert.AreEqual("models/big.safetensors", read.Name);
        Assert.AreEqual(size, read.Length);
    }

    [TestMethod]
    public void SizeExactly8GiBMinus1_StillFitsInOctal()
    {
        var entry = TarEntry.File("models/edge.bin", (8L << 30) - 1, new LocalFile("/x"));

        byte[] header = TarHeaderWriter.Write(entry, 0);

        Assert.HasCount(512, header);
        Assert.AreEqual("77777777777", Field(header, 124, 12));
        Assert.AreEqual(1536, TarHeaderWriter.HeaderLength(entry with { Size = 8L << 30 }));
    }

    [TestMethod]
    public void PaddingLength_FillsTheLastBlock()
    {
        Assert.AreEqual(0, TarHeaderWriter.PaddingLength(0));
        Assert.AreEqual(511, TarHeaderWriter.PaddingLength(1));
        Assert.AreEqual(0, TarHeaderWriter.PaddingLength(512));
        Assert.AreEqual(511, TarHeaderWriter.PaddingLength(513));
        Assert.AreEqual(9L << 30, TarHeaderWriter.PaddedLength(9L << 30));
    }

    internal static void AssertBase256Size(byte[] ustar, long size)
    {
        Assert.AreEqual(0x80, ustar[124], "GNU base-256 marker");
        Assert.IsTrue(ustar.AsSpan(125, 3).IndexOfAnyExcept((byte)0) < 0);
        Assert.AreEqual(size, BinaryPrimitives.ReadInt64BigEndian(ustar.AsSpan(128, 8)));
    }

    internal static string PaxRecord(string key, string value)
    {
        string body = $" {key}={value}\n";
        int bodyBytes = Encoding.UTF8.GetByteCount(body);
        for (int digits = 1; ; digits++)
        {
            int length = bodyBytes + digits;
            if (length.ToString().Length == digits) return length + body;
        }
    }
}
