using System.Text.Json;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build;

/// <summary>
/// Where each command was found in a base image, keyed by the base's manifest digest (which pins every
/// layer), in a small JSON file: a base checked once is not read again until its digest changes.
/// </summary>
public sealed class BaseImageCommandCache
{
    private readonly string? _path;
    private readonly Dictionary<string, Dictionary<string, string?>> _images;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private BaseImageCommandCache(string? path, Dictionary<string, Dictionary<string, string?>> images)
    {
        _path = path;
        _images = images;
    }

    /// <summary>A cache in <paramref name="path"/>; a missing or unreadable file starts empty. Null: remember nothing.</summary>
    public static BaseImageCommandCache Load(string? path)
    {
        var images = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            try
            {
                images = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(File.ReadAllBytes(path)) ?? images;
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                // A cache is only a shortcut: a damaged one is rebuilt.
            }
        }
        return new BaseImageCommandCache(string.IsNullOrWhiteSpace(path) ? null : path, images);
    }

    /// <summary>The locations of <paramref name="commands"/> if all were recorded for this base.</summary>
    public IReadOnlyDictionary<string, string?>? TryGet(Digest manifest, IEnumerable<string> commands)
    {
        if (!_images.TryGetValue(manifest.ToString(), out Dictionary<string, string?>? known)) return null;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string command in commands)
        {
            if (!known.TryGetValue(command, out string? location)) return null;
            result[command] = location;
        }
        return result;
    }

    public void Record(Digest manifest, IReadOnlyDictionary<string, string?> locations)
    {
        if (!_images.TryGetValue(manifest.ToString(), out Dictionary<string, string?>? known))
        {
            _images[manifest.ToString()] = known = new Dictionary<string, string?>(StringComparer.Ordinal);
        }
        foreach ((string command, string? location) in locations) known[command] = location;
        if (_path is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            string temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(_images, JsonOptions));
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not remembering only costs a re-read next time.
        }
    }
}
