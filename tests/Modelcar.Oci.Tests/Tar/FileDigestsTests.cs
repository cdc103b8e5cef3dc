using System.Security.Cryptography;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Tar;

/// <summary>Each file's sha256 comes from the one read of the layer, and survives a digest cache hit that reads nothing.</summary>
[TestClass]
public sealed class FileDigestsTests
{
    [TestMethod]
    public void ReadingTheLayer_RecordsEachFilesSha256_IncludingAnEmptyOne()
    {
        using var directory = new TempDirectory();
        byte[] weights = RandomNumberGenerator.GetBytes(300_001);
        string weightsPath = directory.WriteFile("model/weights.bin", weights);
        string emptyPath = directory.WriteFile("model/empty.txt", []);
        LayerContent layer = LayerContent.ForFiles("models",
            [TarEntry.File("models/weights.bin", weights.Length, new LocalFile(weightsPath)), TarEntry.File("models/sub/empty.txt", 0, new LocalFile(emptyPath))], 0);
        Assert.IsNull(layer.FileDigests.Get("models/weights.bin"), "nothing is known before the layer is read");

        using (Stream stream = layer.OpenRead()) stream.CopyTo(Stream.Null);

        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(weights)), layer.FileDigests.Get("models/weights.bin"));
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)), layer.FileDigests.Get("models/sub/empty.txt"));
    }

    [TestMethod]
    public void DigestCacheHit_CarriesTheFilesSha256_WithoutReadingTheLayer()
    {
        using var directory = new TempDirectory();
        string source = directory.WriteFile("model/weights.bin", [1, 2, 3]);
        LayerContent first = LayerContent.ForFiles("models", [TarEntry.File("models/weights.bin", 3, new LocalFile(source))], 0);
        using (Stream stream = first.OpenRead()) stream.CopyTo(Stream.Null);
        string path = directory.Combine("obj", "digests.json");
        var cache = LayerDigestCache.Load(path);
        string fingerprint = LayerDigestCache.Fingerprint(first)!;
        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256("layer"u8), Size = first.Length };
        cache.Record(fingerprint, descriptor, descriptor.Digest, first.FileDigests.Snapshot());
        cache.Save();

        LayerContent second = LayerContent.ForFiles("models", [TarEntry.File("models/weights.bin", 3, new LocalFile(source))], 0);
        bool carried = LayerDigestCache.Load(path).TryGetFileDigests(LayerDigestCache.Fingerprint(second)!, second);

        Assert.IsTrue(carried);
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData([1, 2, 3])), second.FileDigests.Get("models/weights.bin"));
    }

    [TestMethod]
    public void DigestCacheEntryWithoutFilesSha256_IsNotAHitForTheFiles()
    {
        using var directory = new TempDirectory();
        string source = directory.WriteFile("model/weights.bin", [1, 2, 3]);
        LayerContent layer = LayerContent.ForFiles("models", [TarEntry.File("models/weights.bin", 3, new LocalFile(source))], 0);
        string path = directory.Combine("digests.json");
        var cache = LayerDigestCache.Load(path);
        string fingerprint = LayerDigestCache.Fingerprint(layer)!;
        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256("layer"u8), Size = layer.Length };
        cache.Record(fingerprint, descriptor, descriptor.Digest); // as an earlier version wrote it
        cache.Save();

        Assert.IsFalse(LayerDigestCache.Load(path).TryGetFileDigests(fingerprint, layer), "the layer is read once more so that its files' digests are learned");
    }
}
