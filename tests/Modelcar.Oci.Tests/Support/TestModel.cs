using System.Security.Cryptography;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Support;

/// <summary>A small model of random files on disk (one of them over the large-file threshold), with its plan.</summary>
internal sealed class TestModel : IDisposable
{
    /// <param name="textFiles">Adds <c>tokenizer.json</c>, 200 KB of repetitive JSON, so that the small-file layer compresses well.</param>
    public TestModel(int largeFileSize = 17 * 1024 * 1024, bool textFiles = false)
    {
        Directory = new TempDirectory();
        Add("config.json", RandomNumberGenerator.GetBytes(300));
        if (textFiles) Add("tokenizer.json", TokenizerJson());
        Add("tokenizer/vocab.json", RandomNumberGenerator.GetBytes(5000));
        Add("tokenizer/special/tokens.txt", RandomNumberGenerator.GetBytes(511));
        Add("empty.txt", []);
        Add("model.safetensors", RandomNumberGenerator.GetBytes(largeFileSize));
    }

    public TempDirectory Directory { get; }

    /// <summary>Target path under /models → source path.</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    private void Add(string target, byte[] content) => Files[target] = Directory.WriteFile(target, content);

    public IEnumerable<PlannedFile> PlannedFiles => Files.Select(f => new PlannedFile(f.Key, new FileInfo(f.Value).Length, new LocalFile(f.Value)));

    public IReadOnlyList<PlannedLayer> Plan(int baseLayers = 0, LayerCompression smallFileCompression = LayerCompression.None) =>
        LayerPlanner.Plan(PlannedFiles, new LayerPlanOptions { BaseLayerCount = baseLayers, SmallFileCompression = smallFileCompression });

    private static byte[] TokenizerJson() => System.Text.Encoding.UTF8.GetBytes(
        "{\"model\":{\"vocab\":{" + string.Join(",", Enumerable.Range(0, 12_000).Select(i => $"\"tok{i}\":{i}")) + "}}}");

    /// <summary>Checks that <c>rootfs/models</c> of an unpacked bundle holds exactly these files, byte for byte, with KServe-friendly modes.</summary>
    public void AssertUnpacked(string rootfs)
    {
        string models = Path.Combine(rootfs, "models");
        var found = System.IO.Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(models, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        CollectionAssert.AreEqual(Files.Keys.Order(StringComparer.Ordinal).ToArray(), found);
        foreach ((string target, string source) in Files)
        {
            string unpacked = Path.Combine(models, target);
            Assert.AreEqual(Sha256(source), Sha256(unpacked), target);
            if (!OperatingSystem.IsWindows()) Assert.AreEqual(Mode(0b110_100_100), File.GetUnixFileMode(unpacked), target);
        }
        foreach (string directory in System.IO.Directory.EnumerateDirectories(models, "*", SearchOption.AllDirectories).Append(models))
        {
            if (!OperatingSystem.IsWindows()) Assert.AreEqual(Mode(0b111_101_101), File.GetUnixFileMode(directory), directory);
        }
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;

    private static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => Directory.Dispose();
}
