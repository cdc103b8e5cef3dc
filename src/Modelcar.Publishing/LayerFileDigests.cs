using Modelcar.Oci.Build.Layers;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>
/// Fills in the sha256 of each model file from the layers just published: the layer stream hashed every file as
/// it read it (or the digest cache carried the hashes of a layer it did not need to read), so image.json gets a
/// sha256 per file without a second read of any model file.
/// </summary>
public static class LayerFileDigests
{
    public static IReadOnlyList<ResolvedModelFile> Fill(IReadOnlyList<ResolvedModelFile> files, IEnumerable<PlannedLayer> layers)
    {
        var byTarget = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (PlannedLayer layer in layers)
        {
            foreach (PlannedFile file in layer.Files)
            {
                if (layer.Sha256Of(file) is { } sha256) byTarget[file.TargetPath] = sha256;
            }
        }
        return files.Select(f => f.Sha256 is null && byTarget.TryGetValue(f.TargetPath, out string? sha256) ? f with { Sha256 = sha256 } : f).ToList();
    }
}
