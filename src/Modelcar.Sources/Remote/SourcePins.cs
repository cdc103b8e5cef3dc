using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelcar.Sources.Remote;

/// <summary>
/// What each moving <c>ModelSource</c> (a Hugging Face branch or tag) resolved to the last time it was listed: its
/// commit and file listing, kept in obj/ beside the plan. A later plan or publish of the same item (same URI and
/// metadata) reuses it instead of asking the store, so <c>dotnet build</c> needs no network when nothing changed, and
/// one <c>dotnet publish</c> plans and pushes from the same commit. <c>dotnet clean</c> (or
/// <c>ModelcarRefreshSources=true</c>) drops the pins and the next build resolves the revision again.
/// </summary>
/// <remarks>Only listings with a <see cref="RemoteListing.Revision"/> are pinned: they hold nothing a secret could be in
/// (display URIs, commits, paths, sizes, digests), and stores without revisions (https, s3, Azure) are checked each time.</remarks>
public sealed class SourcePins
{
    private readonly string _path;
    private readonly IModelcarLog _log;
    private readonly bool _refresh;
    private readonly Dictionary<string, RemoteListing> _pins;
    private readonly Lock _lock = new();
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private bool _changed;

    private SourcePins(string path, IModelcarLog log, bool refresh, Dictionary<string, RemoteListing> pins)
    {
        _path = path;
        _log = log;
        _refresh = refresh;
        _pins = pins;
    }

    /// <summary>Reads the pins; a missing or unreadable file means none (it is a cache: the store is asked again).</summary>
    /// <param name="refresh">Ignore what is recorded and record what the stores say now.</param>
    public static SourcePins Load(string path, IModelcarLog log, bool refresh = false)
    {
        var pins = new Dictionary<string, RemoteListing>(StringComparer.Ordinal);
        try
        {
            if (!refresh && File.Exists(path))
            {
                var file = JsonSerializer.Deserialize<PinFile>(File.ReadAllText(path));
                foreach (Pin pin in file?.Sources ?? []) pins[pin.Key] = new RemoteListing(pin.DisplayUri, pin.Revision, pin.Files);
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            log.Detail($"Ignoring the resolved sources file '{path}' ({e.Message}); the sources are listed again.");
            pins.Clear();
        }
        return new SourcePins(path, log, refresh, pins);
    }

    /// <summary>The listing recorded for <paramref name="spec"/>, or null when it must be asked for.</summary>
    public RemoteListing? TryGet(ModelSourceSpec spec)
    {
        lock (_lock)
        {
            if (!_pins.TryGetValue(KeyOf(spec), out RemoteListing? listing)) return null;
            _log.Detail($"{listing.DisplayUri}: using commit {listing.Revision} resolved by an earlier build (dotnet clean or -p:ModelcarRefreshSources=true resolves it again).");
            return listing;
        }
    }

    /// <summary>Remembers what <paramref name="spec"/> resolved to, when the store names a revision.</summary>
    public void Record(ModelSourceSpec spec, RemoteListing listing)
    {
        if (listing.Revision is null) return;
        lock (_lock)
        {
            string key = KeyOf(spec);
            if (_pins.TryGetValue(key, out RemoteListing? known) && Same(known, listing)) return;
            _pins[key] = listing;
            _changed = true;
        }
    }

    /// <summary>Writes the file when something new was recorded (or a refresh asked for it), so an unchanged build writes nothing.</summary>
    public void Save()
    {
        lock (_lock)
        {
            if (!_changed && !_refresh) return;
            var file = new PinFile(_pins.Select(p => new Pin(p.Key, p.Value.DisplayUri, p.Value.Revision, [.. p.Value.Files])).OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            string temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(file, JsonOptions));
            File.Move(temporary, _path, overwrite: true);
            _changed = false;
        }
    }

    /// <summary>The item as written: its URI and every metadata (patterns, TargetPath...), so any edit resolves again.</summary>
    internal static string KeyOf(ModelSourceSpec spec) =>
        string.Join('\n', [spec.Uri.Trim(), "TargetPath=" + spec.TargetPath,
            .. spec.Metadata.OrderBy(m => m.Key, StringComparer.OrdinalIgnoreCase).Select(m => m.Key.ToLowerInvariant() + "=" + m.Value)]);

    private static bool Same(RemoteListing a, RemoteListing b) =>
        a.DisplayUri == b.DisplayUri && a.Revision == b.Revision && a.Files.SequenceEqual(b.Files);

    private sealed record PinFile([property: JsonPropertyName("sources")] List<Pin> Sources);

    private sealed record Pin(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("uri")] string DisplayUri,
        [property: JsonPropertyName("revision")] string? Revision,
        [property: JsonPropertyName("files")] List<RemoteFile> Files);
}
