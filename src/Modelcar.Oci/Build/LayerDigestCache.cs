using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build;

/// <summary>
/// Remembers the digest and size of each model layer published before, keyed by a fingerprint of what the
/// layer is made of: every entry's tar path, kind, mode and size, and for a file its source path, last-write
/// time (UTC ticks) and, on Linux, inode and device; plus the layer's tar mtime and the cache's format
/// version. With a hit, a registry publish asks the registry whether it holds the blob (a HEAD) instead of
/// reading and hashing the model again. A layer holding a streamed file has no fingerprint: it is never cached.
/// </summary>
/// <remarks>
/// Like make's and MSBuild's incrementality, this trusts file metadata: a file rewritten in place with the same
/// size and its old mtime restored gives the old digest. A cache file that is missing, unreadable, corrupt or of
/// another format version counts as empty; it never fails a publish and never supplies a digest it did not store.
/// Safe to use from parallel layer uploads.
/// </remarks>
public sealed class LayerDigestCache
{
    /// <summary>Bump when the fingerprint or the file's shape changes: older files are then ignored.</summary>
    public const int FormatVersion = 1;

    private readonly string _path;
    private readonly IModelcarLog? _log;
    private readonly ConcurrentDictionary<string, CachedLayer> _known;
    private readonly ConcurrentDictionary<string, CachedLayer> _used = new(StringComparer.Ordinal);

    private LayerDigestCache(string path, IModelcarLog? log, ConcurrentDictionary<string, CachedLayer> known)
    {
        _path = path;
        _log = log;
        _known = known;
    }

    /// <summary>The JSON file this cache was loaded from and saves to.</summary>
    public string FilePath => _path;

    /// <summary>How many layers the cache knows.</summary>
    public int Count => _known.Count;

    /// <summary>Reads the cache file once; anything wrong with it gives an empty cache and a Detail line.</summary>
    public static LayerDigestCache Load(string path, IModelcarLog? log = null)
    {
        var known = new ConcurrentDictionary<string, CachedLayer>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                CacheFile? file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllBytes(path), JsonOptions);
                if (file is null || file.Version != FormatVersion || file.Layers is null)
                {
                    log?.Detail($"Ignoring the layer digest cache {path}: format version {file?.Version.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, expected {FormatVersion}.");
                }
                else
                {
                    foreach ((string fingerprint, CacheEntry? entry) in file.Layers)
                    {
                        if (entry is not null && IsFingerprint(fingerprint) && Digest.TryParse(entry.Digest, out Digest digest) && entry.Size >= 0
                            && TryReadCompressed(entry, digest, out Digest diffId, out string mediaType))
                        {
                            known[fingerprint] = new CachedLayer(digest, entry.Size, diffId, mediaType) { Files = entry.Files };
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException or ArgumentException)
        {
            log?.Detail($"Ignoring the layer digest cache {path}: {e.Message}");
            known.Clear();
        }
        return new LayerDigestCache(path, log, known);
    }

    /// <summary>
    /// The layer's fingerprint: the SHA-256 (hex) of a canonical description of its entries and their files'
    /// metadata as they are now. Stats every source file; reads none. Null when the layer is not cacheable: it
    /// holds a streamed file, which has no local identity to compare, so it is never looked up nor recorded.
    /// </summary>
    /// <param name="compression">
    /// How the layer is compressed. Only a compressed layer adds it to the text, so plain layers keep the
    /// fingerprints that earlier versions recorded.
    /// </param>
    public static string? Fingerprint(LayerContent content, LayerCompression compression = LayerCompression.None)
    {
        if (content.Entries.Any(e => e.Source is StreamedFile)) return null;
        var text = new StringBuilder();
        text.Append("modelcar-layer-digest-cache\nversion=").Append(FormatVersion)
            .Append("\nmtime=").Append(content.Mtime.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (compression != LayerCompression.None) text.Append("compression=").Append(compression.Name()).Append('\n');
        foreach (TarEntry entry in content.Entries)
        {
            text.Append(entry.Kind == TarEntryKind.File ? "file" : "dir")
                .Append('\t').Append(entry.Path)
                .Append('\t').Append(entry.Mode.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(entry.Size.ToString(CultureInfo.InvariantCulture));
            if (entry.Source is LocalFile { Path: var source })
            {
                // A missing file gives the 1601 sentinel time: it cannot match a recorded layer, whose files existed.
                long ticks = File.GetLastWriteTimeUtc(source).Ticks;
                text.Append('\t').Append(source)
                    .Append('\t').Append(ticks.ToString(CultureInfo.InvariantCulture));
                if (FileIdentity.TryGet(source, out ulong inode, out ulong device))
                {
                    text.Append('\t').Append(inode.ToString(CultureInfo.InvariantCulture))
                        .Append('\t').Append(device.ToString(CultureInfo.InvariantCulture));
                }
            }
            text.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The layer recorded for this fingerprint (media type, digest, size) and its diff_id, if any.</summary>
    public bool TryGetLayer(string fingerprint, out Descriptor layer, out Digest diffId)
    {
        if (_known.TryGetValue(fingerprint, out CachedLayer? cached))
        {
            _used[fingerprint] = cached;
            layer = new Descriptor { MediaType = cached.MediaType, Digest = cached.Digest, Size = cached.Size };
            diffId = cached.DiffId;
            return true;
        }
        (layer, diffId) = (new Descriptor { MediaType = MediaTypes.OciLayer, Digest = default, Size = 0 }, default);
        return false;
    }

    /// <summary>
    /// Copies the sha256 of each file of the layer recorded for this fingerprint into <paramref name="content"/>,
    /// so a layer that is not read still reports its files' digests. False when the entry has none for some file
    /// (a cache written before files' digests were kept): the caller then reads the layer once and records them.
    /// </summary>
    public bool TryGetFileDigests(string fingerprint, LayerContent content)
    {
        if (!_known.TryGetValue(fingerprint, out CachedLayer? cached)) return false;
        var files = content.Entries.Where(e => e.Kind == TarEntryKind.File).ToList();
        if (files.Any(f => cached.Files is null || !cached.Files.ContainsKey(f.Path))) return false;
        foreach (TarEntry file in files) content.FileDigests.Set(file.Path, cached.Files![file.Path]);
        return true;
    }

    /// <summary>Remembers a layer (plain or compressed), its diff_id and its files' sha256, computed from its bytes just now.</summary>
    public void Record(string fingerprint, Descriptor layer, Digest diffId, IReadOnlyDictionary<string, string>? fileSha256 = null)
    {
        var cached = new CachedLayer(layer.Digest, layer.Size, diffId, layer.MediaType) { Files = fileSha256 is null ? null : new Dictionary<string, string>(fileSha256, StringComparer.Ordinal) };
        _known[fingerprint] = cached;
        _used[fingerprint] = cached;
    }

    /// <summary>
    /// Writes the layers this publish used (looked up or recorded), so layers of files since changed drop out;
    /// atomically, through a temporary file. A failure to write is a Detail line, not an error: the publish
    /// it follows has succeeded.
    /// </summary>
    public void Save()
    {
        var file = new CacheFile
        {
            Version = FormatVersion,
            Layers = new SortedDictionary<string, CacheEntry?>(
                _used.ToDictionary(p => p.Key, p => (CacheEntry?)ToEntry(p.Value)),
                StringComparer.Ordinal),
        };
        string temp = $"{_path}.{Guid.NewGuid():N}.tmp";
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (directory is not null) Directory.CreateDirectory(directory);
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(file, JsonOptions));
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log?.Detail($"Could not save the layer digest cache {_path}: {e.Message}");
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsFingerprint(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>A plain tar layer is its own diff_id; a compressed one records both its media type and the diff_id.</summary>
    private sealed record CachedLayer(Digest Digest, long Size, Digest DiffId, string MediaType)
    {
        /// <summary>Each file's sha256 by tar path; null in entries written before they were kept.</summary>
        public IDictionary<string, string>? Files { get; init; }
    }

    private static CacheEntry ToEntry(CachedLayer layer) => layer.MediaType == MediaTypes.OciLayer
        ? new CacheEntry { Digest = layer.Digest.ToString(), Size = layer.Size, Files = layer.Files }
        : new CacheEntry { Digest = layer.Digest.ToString(), Size = layer.Size, DiffId = layer.DiffId.ToString(), MediaType = layer.MediaType, Files = layer.Files };

    /// <summary>An entry without a media type is a plain tar (the only kind earlier versions wrote); a compressed one must name its diff_id.</summary>
    private static bool TryReadCompressed(CacheEntry entry, Digest digest, out Digest diffId, out string mediaType)
    {
        if (entry.MediaType is null or MediaTypes.OciLayer)
        {
            (diffId, mediaType) = (digest, MediaTypes.OciLayer);
            return true;
        }
        mediaType = entry.MediaType;
        diffId = default;
        return entry.MediaType is MediaTypes.OciLayerGzip or MediaTypes.OciLayerZstd && Digest.TryParse(entry.DiffId, out diffId);
    }

    private sealed class CacheFile
    {
        [JsonPropertyName("version")]
        public int Version { get; set; }

        [JsonPropertyName("layers")]
        public IDictionary<string, CacheEntry?>? Layers { get; set; }
    }

    private sealed class CacheEntry
    {
        [JsonPropertyName("digest")]
        public string? Digest { get; set; }

        [JsonPropertyName("size")]
        public long Size { get; set; }

        [JsonPropertyName("diffId")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? DiffId { get; set; }

        [JsonPropertyName("mediaType")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? MediaType { get; set; }

        /// <summary>The sha256 of each file in the layer, by tar path (image.json reports them without a read).</summary>
        [JsonPropertyName("files")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IDictionary<string, string>? Files { get; set; }
    }

    /// <summary>
    /// Inode and device through Linux's <c>statx</c>, whose buffer layout is the same on every architecture
    /// (unlike <c>struct stat</c>). Elsewhere, or on a libc without it, no identity: path, size and mtime only.
    /// </summary>
    private static class FileIdentity
    {
        private const int AtFdCwd = -100;
        private const uint StatxIno = 0x100;
        private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

        [DllImport("libc", EntryPoint = "statx")]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Globalization", "CA2101", Justification = "The path is marshalled explicitly as UTF-8 (LPUTF8Str); the rule does not recognise it.")]
        private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        public static bool TryGet(string path, out ulong inode, out ulong device)
        {
            (inode, device) = (0, 0);
            if (s_unavailable) return false;
            try
            {
                var buffer = new byte[256];
                if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0) return false;
                if ((BitConverter.ToUInt32(buffer, 0) & StatxIno) == 0) return false;
                inode = BitConverter.ToUInt64(buffer, 32);
                device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
                return false;
            }
        }
    }
}
