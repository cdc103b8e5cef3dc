using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build.BaseImages;

/// <summary>
/// The paths of a base image's root filesystem with their types, modes and link targets, built from its
/// layers' tar headers applied in order: later layers replace earlier entries, and OCI whiteouts
/// (<c>.wh.name</c>, and <c>.wh..wh..opq</c> for a whole directory) delete what the layers below put there.
/// </summary>
public sealed class BaseImageFileTree
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";
    private const int MaxLinkHops = 40; // as Linux's ELOOP limit

    private readonly Dictionary<string, LayerFileEntry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Applies one layer, given as its entries in tar order.</summary>
    public void ApplyLayer(IReadOnlyList<LayerFileEntry> layer)
    {
        // Whiteouts hide only what lower layers hold, so remove first, then add this layer's own entries.
        foreach (LayerFileEntry entry in layer)
        {
            string name = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
            if (!name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal)) continue;
            string directory = entry.Path.Length > name.Length ? entry.Path[..^(name.Length + 1)] : "";
            if (name == OpaqueWhiteout)
            {
                RemoveUnder(directory);
            }
            else
            {
                string hidden = directory.Length == 0 ? name[WhiteoutPrefix.Length..] : $"{directory}/{name[WhiteoutPrefix.Length..]}";
                _entries.Remove(hidden);
                RemoveUnder(hidden);
            }
        }
        foreach (LayerFileEntry entry in layer)
        {
            string name = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal)) continue;
            // A directory entry replaces a directory, but any other type replaces a whole subtree.
            if (!entry.IsDirectory && _entries.TryGetValue(entry.Path, out LayerFileEntry? old) && old.IsDirectory) RemoveUnder(entry.Path);
            _entries[entry.Path] = entry;
        }
    }

    /// <summary>
    /// Finds <paramref name="path"/> as the kernel would: every symbolic link on the way (a directory such as
    /// <c>/bin → usr/bin</c>, or the file itself) is followed inside the image, and a hard link stands for the
    /// file it links to. Null when the path does not resolve to an entry.
    /// </summary>
    public LayerFileEntry? Resolve(string path)
    {
        var pending = new Stack<string>(LayerHeaderReader.Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        LayerFileEntry? current = null;
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                current = null;
                continue;
            }
            string candidate = resolved.Count == 0 ? part : $"{string.Join('/', resolved)}/{part}";
            if (!_entries.TryGetValue(candidate, out LayerFileEntry? entry)) return null;
            if (entry.IsSymbolicLink)
            {
                if (++hops > MaxLinkHops) return null;
                string target = entry.LinkTarget;
                if (target.StartsWith('/')) resolved.Clear();
                foreach (string piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(piece);
                current = null;
                continue;
            }
            if (entry.IsHardLink)
            {
                if (++hops > MaxLinkHops) return null;
                LayerFileEntry? linked = _entries.GetValueOrDefault(entry.LinkTarget);
                if (linked is null) return null;
                entry = linked with { Path = entry.Path };
            }
            if (pending.Count > 0 && !entry.IsDirectory) return null; // a file used as a directory
            resolved.Add(part);
            current = entry;
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> resolves to a regular file that someone may execute.</summary>
    public bool IsExecutable(string path) => Resolve(path) is { IsRegularFile: true } entry && (entry.Mode & 0b001_001_001) != 0;

    private void RemoveUnder(string directory)
    {
        string prefix = directory.Length == 0 ? "" : directory + "/";
        foreach (string key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length).ToList())
        {
            _entries.Remove(key);
        }
    }
}
