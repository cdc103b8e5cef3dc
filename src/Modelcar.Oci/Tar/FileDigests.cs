using System.Collections.Concurrent;

namespace Modelcar.Oci.Tar;

/// <summary>
/// The sha256 of each file of a layer, by tar path, learned the one time the layer's bytes are read (the layer
/// stream hashes each file as it passes through), or taken from the digest cache when the layer was not
/// read at all. image.json reports them; nothing reads a model file a second time to get them.
/// </summary>
public sealed class FileDigests
{
    private readonly ConcurrentDictionary<string, string> _byPath = new(StringComparer.Ordinal);

    /// <summary>Lower-case hex sha256 of the file at <paramref name="tarPath"/>, if its bytes were read (or cached).</summary>
    public string? Get(string tarPath) => _byPath.TryGetValue(tarPath, out string? sha256) ? sha256 : null;

    public void Set(string tarPath, string sha256) => _byPath[tarPath] = sha256;

    /// <summary>Every known digest, for the digest cache to remember.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(_byPath, StringComparer.Ordinal);

    public int Count => _byPath.Count;
}
