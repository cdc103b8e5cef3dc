using System.Formats.Tar;
using System.IO.Compression;
using Modelcar.Oci.Tar;
using TarEntry = System.Formats.Tar.TarEntry;

namespace Modelcar.Oci.Tests.Tar;

/// <summary>
/// Layer tars written by .NET's own TarWriter (ustar, PAX and GNU formats), compressed with gzip or zstd,
/// read back header by header.
/// </summary>
[TestClass]
public sealed class LayerHeaderReaderTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string LongDirectory = string.Join('/', Enumerable.Repeat("deep-directory-name", 8));

    private static byte[] Tar(TarEntryFormat format)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            writer.WriteEntry(Entry(format, TarEntryType.Directory, "./bin/", mode: 0x1ED));
            TarEntry busybox = Entry(format, RegularFile(format), "./bin/busybox", mode: 0x1ED);
            busybox.DataStream = new MemoryStream(new byte[1500]); // data spanning several blocks, with padding
            writer.WriteEntry(busybox);
            TarEntry sh = Entry(format, TarEntryType.SymbolicLink, "./bin/sh", mode: 0x1FF);
            sh.LinkName = "busybox";
            writer.WriteEntry(sh);
            TarEntry ln = Entry(format, TarEntryType.HardLink, "./bin/ln", mode: 0x1ED);
            ln.LinkName = "./bin/busybox";
            writer.WriteEntry(ln);
            if (format != TarEntryFormat.Ustar)
            {
                TarEntry deep = Entry(format, RegularFile(format), $"{LongDirectory}/file.txt", mode: 0x1A4);
                deep.DataStream = new MemoryStream("hello"u8.ToArray());
                writer.WriteEntry(deep);
            }
        }
        return buffer.ToArray();
    }

    private static TarEntryType RegularFile(TarEntryFormat format) => format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile;

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name, int mode)
    {
        TarEntry entry = format switch
        {
            TarEntryFormat.Pax => new PaxTarEntry(type, name),
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            _ => new UstarTarEntry(type, name),
        };
        entry.Mode = (UnixFileMode)mode;
        return entry;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, leaveOpen: true)) zstd.Write(data);
        return output.ToArray();
    }

    private async Task<List<LayerFileEntry>> ReadAsync(byte[] layer)
    {
        var entries = new List<LayerFileEntry>();
        await foreach (LayerFileEntry entry in LayerHeaderReader.ReadAsync(new MemoryStream(layer), TestContext.CancellationToken)) entries.Add(entry);
        return entries;
    }

    [TestMethod]
    [DataRow(TarEntryFormat.Ustar, "plain")]
    [DataRow(TarEntryFormat.Pax, "gzip")]
    [DataRow(TarEntryFormat.Gnu, "zstd")]
    [DataRow(TarEntryFormat.Pax, "zstd")]
    [DataRow(TarEntryFormat.Gnu, "gzip")]
    public async Task Read_GivesEveryEntryWithTypeModeAndLink(TarEntryFormat format, string compression)
    {
        byte[] tar = Tar(format);
        byte[] layer = compression switch { "gzip" => Gzip(tar), "zstd" => Zstd(tar), _ => tar };

        List<LayerFileEntry> entries = await ReadAsync(layer);

        CollectionAssert.AreEqual(
            format == TarEntryFormat.Ustar ? new[] { "bin", "bin/busybox", "bin/sh", "bin/ln" } : new[] { "bin", "bin/busybox", "bin/sh", "bin/ln", $"{LongDirectory}/file.txt" },
            entries.Select(e => e.Path).ToArray());
        Assert.IsTrue(entries[0].IsDirectory);
        Assert.IsTrue(entries[1].IsRegularFile);
        Assert.AreEqual(0x1ED, entries[1].Mode);
        Assert.IsTrue(entries[2].IsSymbolicLink);
        Assert.AreEqual("busybox", entries[2].LinkTarget);
        Assert.IsTrue(entries[3].IsHardLink);
        Assert.AreEqual("bin/busybox", entries[3].LinkTarget, "a hard link's target is normalized like a path");
    }

    [TestMethod]
    public async Task Read_TruncatedLayer_IsInvalidData()
    {
        byte[] tar = Tar(TarEntryFormat.Pax);
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(tar[..1200]));
    }
}
