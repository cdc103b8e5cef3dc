using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.ImageDocuments;

/// <summary>Assembles the modelcar's OCI image manifest from its base layers, model layers and config.</summary>
public static class ManifestBuilder
{
    public static ImageManifest Build(BaseImage baseImage, IEnumerable<Descriptor> modelLayers, Descriptor config, IReadOnlyDictionary<string, string> annotations)
    {
        // Base layers keep their bytes and digests; only Docker media type names are mapped to OCI ones.
        var layers = baseImage.Layers
            .Select(l => l with { MediaType = MediaTypes.ToOciLayer(l.MediaType), Annotations = null, Platform = null })
            .Concat(modelLayers)
            .ToList();
        return new ImageManifest
        {
            Config = config,
            Layers = layers,
            Annotations = annotations.Count == 0 ? null : new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal),
        };
    }
}
