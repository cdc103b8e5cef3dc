using System.Security.Cryptography;
using System.Text;

namespace Modelcar.Testing;

/// <summary>
/// Model files whose bytes depend only on their path and size, so an image built from them has a digest that is a
/// pure function of the image format: the golden-digest tests (dotnet publish) and the library's tests (no MSBuild)
/// build the same image from them.
/// </summary>
public static class FixedModelFiles
{
    /// <summary>The golden model: two shards over 1 MB (a layer each with a 1 MB threshold), a config, a tokenizer, an empty file.</summary>
    public static IReadOnlyList<(string Path, int Size)> Golden { get; } =
    [
        ("model-00001-of-00002.safetensors", 3 * 1024 * 1024 + 11),
        ("model-00002-of-00002.safetensors", 2 * 1024 * 1024),
        ("config.json", 700),
        ("tokenizer/tokenizer.json", 5000),
        ("tokenizer/empty.txt", 0),
    ];

    /// <summary>Writes <paramref name="relativePath"/> under <paramref name="modelDirectory"/>: SHA-256 of (path, block number), block after block.</summary>
    public static void Write(string modelDirectory, string relativePath, int size)
    {
        string path = Path.Combine(modelDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = new byte[size];
        byte[] name = Encoding.UTF8.GetBytes(relativePath);
        for (int block = 0; block * 32 < size; block++)
        {
            byte[] hash = SHA256.HashData([.. name, .. BitConverter.GetBytes(block)]);
            hash.AsSpan(0, Math.Min(32, size - block * 32)).CopyTo(data.AsSpan(block * 32));
        }
        File.WriteAllBytes(path, data);
    }
}
