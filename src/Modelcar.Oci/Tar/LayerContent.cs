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

    /// <summary>Each file's sha256, filled in as the layer is read (or from the digest cache).</summary>
    public FileDigests FileDigests { get; } = new();

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
}
