namespace Modelcar.Oci.Tar;

public enum TarEntryKind
{
    File,
    Directory,
}

/// <summary>
/// One entry of a layer: a path inside the image (no leading '/'), its kind and size, and for a file where
/// its bytes come from. Ownership and times are not here on purpose: every entry is written as
/// owned by 0:0 with one fixed mtime, so that only content and paths decide a layer's digest.
/// </summary>
public sealed record TarEntry
{
    public required string Path { get; init; }

    public required TarEntryKind Kind { get; init; }

    public long Size { get; init; }

    /// <summary>Unix permission bits; models are readable by any UID (0644 files, 0755 directories).</summary>
    public int Mode { get; init; }

    /// <summary>
    /// Where a file's bytes are read from at publish time; null for a directory, and for an entry whose bytes
    /// the caller writes itself after the header (the blobs of an OCI archive).
    /// </summary>
    public FileSource? Source { get; init; }

    public static TarEntry Directory(string path) =>
        new() { Path = path.EndsWith('/') ? path : path + "/", Kind = TarEntryKind.Directory, Mode = 0b111_101_101 };

    public static TarEntry File(string path, long size, FileSource? source = null) =>
        new() { Path = path, Kind = TarEntryKind.File, Size = size, Mode = 0b110_100_100, Source = source };
}
