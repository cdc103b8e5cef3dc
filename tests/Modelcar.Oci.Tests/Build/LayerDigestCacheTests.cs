using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Build;

[TestClass]
public sealed class LayerDigestCacheTests
{
    private static readonly Digest SomeDigest = Digest.ComputeSha256("layer"u8);

    /// <summary>A plain tar layer is its own diff_id.</summary>
    private static Descriptor PlainLayer(long size) => new() { MediaType = MediaTypes.OciLayer, Digest = SomeDigest, Size = size };

    private static LayerContent Layer(TempDirectory directory, byte[] content, long mtime = 0)
    {
        string source = directory.WriteFile("model/weights.bin", content);
        File.SetLastWriteTimeUtc(source, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        return LayerContent.ForFiles("models", [TarEntry.File("models/weights.bin", content.Length, new LocalFile(source))], mtime);
    }

    [TestMethod]
    public void SavedAndLoaded_KnowsTheRecordedDigest()
    {
        using var directory = new TempDirectory();
        LayerContent layer = Layer(directory, [1, 2, 3]);
        string path = directory.Combine("obj", "modelcar.digests.json");
        var cache = LayerDigestCache.Load(path);
        string fingerprint = LayerDigestCache.Fingerprint(layer)!;

        Assert.IsFalse(cache.TryGetLayer(fingerprint, out _, out _));
        cache.Record(fingerprint, PlainLayer(2048), SomeDigest);
        cache.Save();
        var loaded = LayerDigestCache.Load(path);

        Assert.IsTrue(loaded.TryGetLayer(LayerDigestCache.Fingerprint(layer)!, out Descriptor recorded, out _));
        Assert.AreEqual(SomeDigest, recorded.Digest);
        Assert.AreEqual(2048, recorded.Size);
        Assert.IsFalse(Directory.EnumerateFiles(directory.Combine("obj"), "*.tmp").Any(), "the temporary file is moved into place");
    }

    [TestMethod]
    public void LayerWithAStreamedFile_HasNoFingerprint_SoItIsNeitherLookedUpNorRecorded()
    {
        using var directory = new TempDirectory();
        LayerContent local = Layer(directory, [1, 2, 3]);
        var remote = new StreamedFile("https://example.com/remote.bin", () => new MemoryStream([4, 5, 6]));
        LayerContent mixed = LayerContent.ForFiles("models",
            [.. local.Entries.Where(e => e.Kind == TarEntryKind.File), TarEntry.File("models/remote.bin", 3, remote)], 0);

        Assert.IsNotNull(LayerDigestCache.Fingerprint(local));
        Assert.IsNull(LayerDigestCache.Fingerprint(mixed));
    }

    [TestMethod]
    public void Save_KeepsOnlyTheLayersThisPublishUsed()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("digests.json");
        var first = LayerDigestCache.Load(path);
        first.Record(new string('a', 64), PlainLayer(1), SomeDigest);
        first.Record(new string('b', 64), PlainLayer(2), SomeDigest);
        first.Save();

        var second = LayerDigestCache.Load(path);
        Assert.IsTrue(second.TryGetLayer(new string('a', 64), out _, out _));
        second.Save();

        var third = LayerDigestCache.Load(path);
        Assert.AreEqual(1, third.Count);
        Assert.IsTrue(third.TryGetLayer(new string('a', 64), out _, out _));
    }

    [TestMethod]
    public void Fingerprint_IsStable_AndChangesWithMtimeSizeOrTarMtime()
    {
        using var directory = new TempDirectory();
        LayerContent layer = Layer(directory, [1, 2, 3]);
        string source = ((LocalFile)layer.Entries.Single(e => e.Kind == TarEntryKind.File).Source!).Path;
        string fingerprint = LayerDigestCache.Fingerprint(layer)!;

        Assert.AreEqual(fingerprint, LayerDigestCache.Fingerprint(layer));
        Assert.AreNotEqual(fingerprint, LayerDigestCache.Fingerprint(LayerContent.ForFiles("models", layer.Entries.Where(e => e.Kind == TarEntryKind.File), 1)), "SOURCE_DATE_EPOCH changes the tar");

        File.SetLastWriteTimeUtc(source, new DateTime(2024, 1, 2, 3, 4, 6, DateTimeKind.Utc));
        Assert.AreNotEqual(fingerprint, LayerDigestCache.Fingerprint(layer), "a newer mtime is a miss");

        LayerContent longer = Layer(directory, [1, 2, 3, 4]);
        Assert.AreNotEqual(fingerprint, LayerDigestCache.Fingerprint(longer), "another size is a miss (with the old mtime restored)");
    }

    [TestMethod]
    public void OnLinux_AFileReplacedByAnotherInode_WithTheSameSizeAndMtime_IsACacheMiss()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("inode and device are read with Linux's statx only");
        using var directory = new TempDirectory();
        LayerContent layer = Layer(directory, [1, 2, 3]);
        string source = ((LocalFile)layer.Entries.Single(e => e.Kind == TarEntryKind.File).Source!).Path;
        string fingerprint = LayerDigestCache.Fingerprint(layer)!;

        // What a download tool does: write a new file beside the old one, then rename it over.
        string replacement = directory.WriteFile("replacement.bin", [7, 8, 9]);
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(source));
        File.Move(replacement, source, overwrite: true);

        Assert.AreNotEqual(fingerprint, LayerDigestCache.Fingerprint(layer));
    }

    [TestMethod]
    public void ChangedMtime_IsACacheMiss()
    {
        using var directory = new TempDirectory();
        LayerContent layer = Layer(directory, [1, 2, 3]);
        string path = directory.Combine("digests.json");
        var cache = LayerDigestCache.Load(path);
        cache.Record(LayerDigestCache.Fingerprint(layer)!, PlainLayer(2048), SomeDigest);
        cache.Save();

        File.SetLastWriteTimeUtc(((LocalFile)layer.Entries.Single(e => e.Kind == TarEntryKind.File).Source!).Path, DateTime.UtcNow);

        Assert.IsFalse(LayerDigestCache.Load(path).TryGetLayer(LayerDigestCache.Fingerprint(layer)!, out _, out _));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("{ not json")]
    [DataRow("[1, 2, 3]")]
    [DataRow("{\"version\": 1, \"layers\": {\"zz\": {\"digest\": \"sha256:nope\", \"size\": 1}}}")]
    [DataRow("{\"version\": 1, \"layers\": {\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": {\"digest\": \"sha256:1234\", \"size\": 1}}}")]
    [DataRow("{\"version\": 1, \"layers\": {\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": \"text\"}}")]
    [DataRow("{\"version\": 999, \"layers\": {\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": {\"digest\": \"sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447\", \"size\": 1}}}")]
    public void CorruptOrForeignFile_IsAnEmptyCache_NeverAnError(string json)
    {
        using var directory = new TempDirectory();
        string path = directory.WriteFile("digests.json", System.Text.Encoding.UTF8.GetBytes(json));
        var log = new CollectingLog();

        var cache = LayerDigestCache.Load(path, log);

        Assert.AreEqual(0, cache.Count);
        Assert.IsFalse(cache.TryGetLayer(new string('a', 64), out _, out _));
        cache.Record(new string('a', 64), PlainLayer(1), SomeDigest);
        cache.Save();
        Assert.AreEqual(1, LayerDigestCache.Load(path).Count, "saving replaces the bad file");
    }

    [TestMethod]
    public void CorruptFile_IsLoggedAtDetail()
    {
        using var directory = new TempDirectory();
        string path = directory.WriteFile("digests.json", "{ not json"u8.ToArray());
        var log = new CollectingLog();

        LayerDigestCache.Load(path, log);

        Assert.IsTrue(log.Lines.Any(l => l.Contains("Ignoring the layer digest cache")), string.Join("\n", log.Lines));
    }

    [TestMethod]
    public void MissingFile_IsAnEmptyCache()
    {
        using var directory = new TempDirectory();

        Assert.AreEqual(0, LayerDigestCache.Load(directory.Combine("no", "such", "file.json")).Count);
    }

    [TestMethod]
    public async Task ParallelRecordsAndLookups_AreSafe()
    {
        using var directory = new TempDirectory();
        var cache = LayerDigestCache.Load(directory.Combine("digests.json"));

        await Parallel.ForAsync(0, 1000, (i, ct) =>
        {
            string fingerprint = i.ToString("x64");
            cache.Record(fingerprint, PlainLayer(i), SomeDigest);
            Assert.IsTrue(cache.TryGetLayer(fingerprint, out Descriptor recorded, out _));
            Assert.AreEqual(i, recorded.Size);
            return ValueTask.CompletedTask;
        });
        cache.Save();

        Assert.AreEqual(1000, LayerDigestCache.Load(directory.Combine("digests.json")).Count);
    }

    [TestMethod]
    public void Fingerprint_OfACompressedLayer_DiffersByCompression_AndAPlainOneIsUnchanged()
    {
        using var directory = new TempDirectory();
        LayerContent layer = Layer(directory, [1, 2, 3]);

        string plain = LayerDigestCache.Fingerprint(layer)!;

        Assert.AreEqual(plain, LayerDigestCache.Fingerprint(layer, LayerCompression.None), "plain layers keep the fingerprints earlier versions recorded");
        string gzip = LayerDigestCache.Fingerprint(layer, LayerCompression.Gzip)!;
        string zstd = LayerDigestCache.Fingerprint(layer, LayerCompression.Zstd)!;
        Assert.AreEqual(3, new[] { plain, gzip, zstd }.Distinct().Count());
    }

    [TestMethod]
    public void CompressedLayer_SavedAndLoaded_KeepsItsMediaTypeAndDiffId()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("digests.json");
        string fingerprint = LayerDigestCache.Fingerprint(Layer(directory, [1, 2, 3]), LayerCompression.Zstd)!;
        Digest diffId = Digest.ComputeSha256("plain tar"u8);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayerZstd, Digest = SomeDigest, Size = 77 };
        var cache = LayerDigestCache.Load(path);
        cache.Record(fingerprint, blob, diffId);
        cache.Save();

        Assert.IsTrue(LayerDigestCache.Load(path).TryGetLayer(fingerprint, out Descriptor loaded, out Digest loadedDiffId));

        Assert.AreEqual(blob, loaded);
        Assert.AreEqual(diffId, loadedDiffId);
    }

    [TestMethod]
    public void PlainEntry_IsWrittenAsBefore_AndIsItsOwnDiffId()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("digests.json");
        string fingerprint = LayerDigestCache.Fingerprint(Layer(directory, [1, 2, 3]))!;
        var cache = LayerDigestCache.Load(path);
        cache.Record(fingerprint, PlainLayer(2048), SomeDigest);
        cache.Save();

        string json = File.ReadAllText(path);
        Assert.DoesNotContain("mediaType", json);
        Assert.DoesNotContain("diffId", json);
        Assert.IsTrue(LayerDigestCache.Load(path).TryGetLayer(fingerprint, out Descriptor loaded, out Digest diffId));
        Assert.AreEqual(MediaTypes.OciLayer, loaded.MediaType);
        Assert.AreEqual(SomeDigest, diffId);
    }

    [TestMethod]
    [DataRow("\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+zstd\"")]
    [DataRow("\"mediaType\": \"application/x-unknown\", \"diffId\": \"sha256:" + "ab" + "\"")]
    public void CompressedEntry_WithoutAUsableDiffIdOrMediaType_IsIgnored(string extra)
    {
        using var directory = new TempDirectory();
        string fingerprint = new('a', 64);
        string path = directory.WriteFile("digests.json", System.Text.Encoding.UTF8.GetBytes(
            "{\"version\": 1, \"layers\": {\"" + fingerprint + "\": {\"digest\": \"" + SomeDigest + "\", \"size\": 5, " + extra + "}}}"));

        Assert.IsFalse(LayerDigestCache.Load(path).TryGetLayer(fingerprint, out _, out _));
    }
}
