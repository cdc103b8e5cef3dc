using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;
using TarEntry = Modelcar.Oci.Tar.TarEntry;

namespace Modelcar.Oci.Tests.Tar;

[TestClass]
public sealed class LayerContentTests
{
    private const UnixFileMode FileMode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly (string Path, byte[] Content)[] Model =
    [
        ("config.json", Encoding.UTF8.GetBytes("""{"model_type":"granite"}""")),
        ("tokenizer/vocab.json", RandomBytes(1000, seed: 1)),
        ("tokenizer/merges.txt", RandomBytes(512, seed: 2)),
        ("a-b/x.bin", RandomBytes(3, seed: 3)),
        ("weights/shard-00001.bin", RandomBytes(70_000, seed: 4)),
        ("empty.txt", []),
    ];

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <see cref="Model"/> under a new directory with the given mtime, and plans its layer.</summary>
    private static LayerContent WriteModel(TempDirectory directory, DateTime mtime, long layerMtime = 0)
    {
        var entries = new List<TarEntry>();
        foreach ((string path, byte[] content) in Model)
        {
            string file = directory.WriteFile(path, content);
            File.SetLastWriteTimeUtc(file, mtime);
            entries.Add(TarEntry.File("models/" + path, content.Length, new LocalFile(file)));
        }
        return LayerContent.ForFiles("models", entries, layerMtime);
    }

    [TestMethod]
    public void SameFiles_DifferentMtimesAndOrder_GiveIdenticalBytes()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        LayerContent a = WriteModel(first, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        LayerContent b = WriteModel(second, new DateTime(2025, 6, 30, 12, 34, 56, DateTimeKind.Utc));
        LayerContent c = LayerContent.ForFiles("models", b.Entries.Where(e => e.Kind == TarEntryKind.File).Reverse(), 0);

        Assert.AreEqual(TarListing.Sha256(a), TarListing.Sha256(b));
        Assert.AreEqual(TarListing.Sha256(a), TarListing.Sha256(c));
        Assert.AreEqual(a.Length, b.Length);
    }

    [TestMethod]
    public void DifferentMtimeSetting_GivesDifferentBytes()
    {
        using var directory = new TempDirectory();
        LayerContent zero = WriteModel(directory, DateTime.UtcNow);
        LayerContent epoch = LayerContent.ForFiles("models", zero.Entries.Where(e => e.Kind == TarEntryKind.File), 1_700_000_000);

        Assert.AreNotEqual(TarListing.Sha256(zero), TarListing.Sha256(epoch));
    }

    [TestMethod]
    public void TarReader_SeesNamesSizesModesOwnersAndFixedMtime()
    {
        using var directory = new TempDirectory();
        LayerContent layer = WriteModel(directory, DateTime.UtcNow, layerMtime: 1_700_000_000);

        byte[] tar = TarListing.ReadAll(layer);
        List<TarListing.Entry> entries = TarListing.ReadWithTarReader(tar);

        Assert.AreEqual(layer.Length, tar.LongLength);
        string[] expectedDirectories = ["models/", "models/a-b/", "models/tokenizer/", "models/weights/"];
        CollectionAssert.AreEquivalent(expectedDirectories, entries.Where(e => e.Type == TarEntryType.Directory).Select(e => e.Name).ToArray());
        foreach (TarListing.Entry entry in entries)
        {
            Assert.AreEqual(0, entry.Uid, entry.Name);
            Assert.AreEqual(0, entry.Gid, entry.Name);
            Assert.AreEqual("", entry.UserName, entry.Name);
            Assert.AreEqual("", entry.GroupName, entry.Name);
            Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), entry.ModificationTime, entry.Name);
            if (entry.Type == TarEntryType.Directory)
            {
                Assert.AreEqual(DirectoryMode0755, entry.Mode, entry.Name);
            }
            else
            {
                Assert.AreEqual(TarEntryType.RegularFile, entry.Type, entry.Name);
                Assert.AreEqual(FileMode0644, entry.Mode, entry.Name);
            }
        }
        foreach ((string path, byte[] content) in Model)
        {
            TarListing.Entry entry = entries.Single(e => e.Name == "models/" + path);
            Assert.AreEqual(content.Length, entry.Length, path);
            CollectionAssert.AreEqual(content, entry.Content ?? [], path);
        }
        Assert.HasCount(Model.Length + expectedDirectories.Length, entries);
    }

    [TestMethod]
    public void EveryDirectory_PrecedesItsChildren()
    {
        using var directory = new TempDirectory();
        LayerContent layer = WriteModel(directory, DateTime.UtcNow);

        List<string> names = TarListing.ReadWithTarReader(TarListing.ReadAll(layer)).Select(e => e.Name).ToList();

        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i].TrimEnd('/');
            for (int slash = name.LastIndexOf('/'); slash > 0; slash = name.LastIndexOf('/', slash - 1))
            {
                int parent = names.IndexOf(name[..(slash + 1)]);
                Assert.IsTrue(parent >= 0 && parent < i, $"'{names[i]}' comes before its directory '{name[..(slash + 1)]}': {string.Join(", ", names)}");
            }
        }
        Assert.AreEqual("models/", names[0]);
        Assert.AreEqual(names.Count, names.Distinct().Count(), "each directory is written once");
    }

    [TestMethod]
    public void GnuTar_ListsTheSameEntries_WithModesOwnersAndMtime()
    {
        using var directory = new TempDirectory();
        LayerContent layer = WriteModel(directory, DateTime.UtcNow);

        using Stream stream = layer.OpenRead();
        var lines = TarListing.ListWithGnuTar(stream).Select(TarListing.ParseGnuLine).ToList();

        Assert.HasCount(layer.Entries.Count, lines);
        foreach (var line in lines)
        {
            Assert.AreEqual("0/0", line.Owner, line.Name);
            Assert.AreEqual("1970-01-01", line.Date, line.Name);
            Assert.AreEqual("00:00", line.Time, line.Name);
            Assert.AreEqual(line.Name.EndsWith('/') ? "drwxr-xr-x" : "-rw-r--r--", line.Mode, line.Name);
        }
        foreach ((string path, byte[] content) in Model)
        {
            Assert.AreEqual(content.Length, lines.Single(l => l.Name == "models/" + path).Size, path);
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(511)]
    [DataRow(512)]
    [DataRow(513)]
    [DataRow(1024 * 1024 + 7)]
    public void StreamLength_EqualsPlannedLength(int size)
    {
        using var directory = new TempDirectory();
        byte[] content = RandomBytes(size, seed: size);
        string file = directory.WriteFile("f.bin", content);
        var layer = LayerContent.ForFiles("models", [TarEntry.File("models/f.bin", size, new LocalFile(file))], 0);

        using Stream stream = layer.OpenRead();
        byte[] tar = TarListing.ReadAll(layer);

        Assert.AreEqual(layer.Length, stream.Length);
        Assert.AreEqual(layer.Length, tar.LongLength);
        Assert.AreEqual(0, tar.Length % 512);
        long expected = 512 /* models/ */ + 512 + ((size + 511) / 512 * 512) + 1024;
        Assert.AreEqual(expected, layer.Length);
        Assert.IsTrue(tar.AsSpan(tar.Length - 1024).IndexOfAnyExcept((byte)0) < 0, "ends with two zero blocks");
        CollectionAssert.AreEqual(content, TarListing.ReadWithTarReader(tar).Single(e => e.Name == "models/f.bin").Content ?? []);
    }

    [TestMethod]
    public async Task SmallReads_ProduceTheSameBytesAsOneCopy()
    {
        using var directory = new TempDirectory();
        LayerContent layer = WriteModel(directory, DateTime.UtcNow);
        byte[] whole = TarListing.ReadAll(layer);

        await using Stream stream = layer.OpenRead();
        using var collected = new MemoryStream();
        var buffer = new byte[37];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            collected.Write(buffer, 0, read);
            Assert.AreEqual(collected.Length, stream.Position);
        }

        CollectionAssert.AreEqual(whole, collected.ToArray());
    }

    [TestMethod]
    [DataRow(+1)]
    [DataRow(-1)]
    [DataRow(-1000)]
    public void FileThatChangedSize_FailsWithModelFileChanged(int delta)
    {
        using var directory = new TempDirectory();
        string file = directory.WriteFile("w.bin", RandomBytes(4096, seed: 9));
        var layer = LayerContent.ForFiles("models", [TarEntry.File("models/w.bin", 4096, new LocalFile(file))], 0);
        using (var change = new FileStream(file, FileMode.Open))
        {
            change.SetLength(4096 + delta);
        }

        using Stream stream = layer.OpenRead();
        var e = Assert.ThrowsExactly<ModelcarException>(() => stream.CopyTo(Stream.Null));

        Assert.AreEqual(ErrorCodes.ModelFileChanged, e.Code);
        StringAssert.Contains(e.Message, file);
    }

    [TestMethod]
    public void MissingSource_FailsWithModelFileUnreadable()
    {
        using var directory = new TempDirectory();
        var layer = LayerContent.ForFiles("models", [TarEntry.File("models/gone.bin", 10, new LocalFile(directory.Combine("gone.bin")))], 0);

        using Stream stream = layer.OpenRead();
        var e = Assert.ThrowsExactly<ModelcarException>(() => stream.CopyTo(Stream.Null));

        Assert.AreEqual(ErrorCodes.ModelFileUnreadable, e.Code);
    }

    [TestMethod]
    public void ForFiles_AddsEachParentDirectoryOnce()
    {
        var layer = LayerContent.ForFiles("models/", [
            TarEntry.File("models/a/b/c.bin", 1, new LocalFile("/x")),
            TarEntry.File("models/a/b/d.bin", 1, new LocalFile("/x")),
            TarEntry.File("models/a/e.bin", 1, new LocalFile("/x")),
            TarEntry.File("models/f.bin", 1, new LocalFile("/x")),
        ], 0);

        CollectionAssert.AreEqual(
            new[] { "models/", "models/a/", "models/a/b/", "models/a/b/c.bin", "models/a/b/d.bin", "models/a/e.bin", "models/f.bin" },
            layer.Entries.Select(e => e.Path).ToArray());
    }
}
