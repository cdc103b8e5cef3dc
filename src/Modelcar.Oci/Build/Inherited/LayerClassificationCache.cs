using System.Text.Json;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.Inherited;

/// <summary>
/// Remembers, by layer digest, which layers of <c>oci://</c> sources are model layers and what files they hold,
/// so a second publish from the same source reads no layer again (classifying one means streaming all of it).
/// A digest names the layer's bytes, so an entry never goes stale; entries are written whole (temp file, then
/// rename), so builds that share the cache never see half an entry. Refused layers are not remembered.
/// </summary>
/// <param name="directory">A folder of the shared download cache; null remembers nothing.</param>
public sealed class LayerClassificationCache(string? directory)
{
    private sealed record Entry(string Root, ModelLayerKind Kind, List<InheritedModelFile> Files);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public bool TryGet(Digest layer, string modelsRoot, out ModelLayerKind kind, out IReadOnlyList<InheritedModelFile> files)
    {
        kind = ModelLayerKind.Base;
        files = [];
        string? path = PathOf(layer);
        if (path is null || !File.Exists(path)) return false;
        try
        {
            Entry? entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(path), Options);
            if (entry is null || entry.Root != modelsRoot || entry.Files is null) return false;
            kind = entry.Kind;
            files = entry.Files;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false; // unreadable: classify the layer again and overwrite the entry
        }
    }

    public void Store(Digest layer, string modelsRoot, ModelLayerKind kind, IReadOnlyList<InheritedModelFile> files)
    {
        string? path = PathOf(layer);
        if (path is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(new Entry(modelsRoot, kind, [.. files]), Options));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs a re-read next time, nothing more.
        }
    }

    private string? PathOf(Digest layer) =>
        directory is null ? null : Path.Combine(directory, "oci-layers", $"{layer.Algorithm}-{layer.Encoded}.json");
}
