using System.Collections.Concurrent;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tar;

/// <summary>
/// The entries of one layer in the order they are written, with the exact byte length of the resulting tar
/// known before a byte of it is produced (registries and archives both want the size up front).
/// </summary>
public sealed class LayerContent
{
    /// <summary>Two zero blocks end a tar archive.</summary>
    public const int EndOfArchiveLength = 2 * TarHeaderWriter.BlockSize;

    public LayerContent(IEnumerable<TarEntry> entries, long mtime)
    {
        Entries = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray();
        Mtime = mtime;
        Length = Entries.Sum(e => TarHeaderWriter.HeaderLength(e) + TarHeaderWriter.PaddedLength(e.Kind == TarEntryKind.File ? e.Size : 0)) + EndOfArchiveLength;
    }

    /// <summary>Entries sorted by path, ordinal: a directory's entry always precedes its children.</summary>
    public IReadOnlyList<TarEntry> Entries { get; }

    public long Mtime { get; }

    public long Length { get; }

    /// <summary>Model files under <paramref name="root"/> plus every parent directory they need, each once.</summary>
    public static LayerContent ForFiles(string root, IEnumerable<TarEntry> files, long mtime)
    {
        var fileList = files.ToList();
        var directories = new SortedSet<string>(StringComparer.Ordinal) { root.TrimEnd('/') + "/" };
        foreach (TarEntry file in fileList)
        {
            string path = file.Path;
            for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                directories.Add(path[..(slash + 1)]);
            }
        }
        return new LayerContent(directories.Select(TarEntry.Directory).Concat(fileList), mtime);
    }

    public Stream OpenRead() => new LayerStream(this);

    private readonly ConcurrentDictionary<string, Digest> _fileDigests = new(StringComparer.Ordinal);

    /// <summary>
    /// The sha256 of a file entry's own bytes, taken while a read of this layer passed them (the one read that
    /// also hashes and sends the layer); false until a read has passed the whole file.
    /// </summary>
    public bool TryGetFileDigest(string path, out Digest digest) => _fileDigests.TryGetValue(path, out digest);

    /// <summary>Called by the layer stream at the end of a file entry. A re-read (a retry) records the same digest again.</summary>
    internal void RecordFileDigest(string path, Digest digest) => _fileDigests[path] = digest;
}
