using Microsoft.Build.Framework;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Sources;

namespace Modelcar.Sdk.Sources;

/// <summary>
/// The <c>oci://</c> <c>ModelSource</c> items: split out before the other sources are resolved, because their
/// files are not downloaded and re-layered but carried in their own layers (see InheritedModelLayers).
/// </summary>
public static class OciModelSourceItems
{
    /// <summary>Metadata that moves or filters files, which a carried layer cannot do: its paths are fixed.</summary>
    private static readonly string[] UnsupportedMetadata = ["TargetPath", "AllowPatterns", "IgnorePatterns"];

    public static bool IsOci(ITaskItem item) => InheritedModelLayers.IsOciUri(item.ItemSpec);

    /// <summary>
    /// The oci:// items, checked without a request (so <c>dotnet build</c> reports them too): a parsable image
    /// reference and no metadata that would move or filter files.
    /// </summary>
    public static IReadOnlyList<ITaskItem> Validate(IEnumerable<ITaskItem> items)
    {
        var oci = items.Where(IsOci).ToList();
        foreach (ITaskItem item in oci)
        {
            string uri = item.ItemSpec.Trim();
            foreach (string name in UnsupportedMetadata)
            {
                string value = item.GetMetadata(name);
                if (value.Length == 0) continue;
                throw new ModelcarException(ErrorCodes.OciSourceMetadataUnsupported,
                    $"The ModelSource '{uri}' has {name}='{value}', but an oci:// source keeps the image's model layers as they are, so its files stay at the paths they have under /models. Remove {name}; to move or leave out files, list them as ModelFile items instead.");
            }
            InheritedModelLayers.ParseUri(uri);
        }
        return oci;
    }

    /// <summary>Reads every oci:// item's image, one after another, with the registry client of its registry.</summary>
    /// <param name="cacheDirectory">The shared download cache, where layer classifications are kept by digest.</param>
    public static async Task<IReadOnlyList<InheritedModelImage>> ResolveAsync(IEnumerable<ITaskItem> items, Platform platform, Func<string, RegistryClient> clientFor, string cacheDirectory, IModelcarLog log, CancellationToken cancellationToken)
    {
        var images = new List<InheritedModelImage>();
        foreach (ITaskItem item in Validate(items))
        {
            string uri = item.ItemSpec.Trim();
            ImageReference reference = InheritedModelLayers.ParseUri(uri);
            InheritedModelImage image = await InheritedModelLayers.ResolveAsync(clientFor(reference.Registry), uri, platform, new LayerPlanOptions().ModelsRoot, log, cancellationToken, new LayerClassificationCache(cacheDirectory));
            log.Info($"  {uri} ({image.ManifestDigest.Encoded[..12]}): {image.Layers.Count} model layer(s), {image.Layers.Sum(l => l.Files.Count)} file(s), carried as they are; {image.LayersRead} layer(s) read to list them");
            images.Add(image);
        }
        return images;
    }

    /// <summary>
    /// The inherited files, for the one-file-per-path check, image.json and the source annotations
    /// (<c>io.modelcar.source.N</c> = the URI, <c>.revision</c> = the source's manifest digest).
    /// </summary>
    public static IReadOnlyList<ResolvedModelFile> FilesOf(IEnumerable<InheritedModelImage> images) =>
        images.SelectMany(image => image.Layers.SelectMany(layer => layer.Files.Select(file =>
            // Never read: the file stays inside its layer, so a second file at its path is a conflict rather than a hash comparison.
            new ResolvedModelFile(file.TargetPath, new CarriedContent(layer.Source, layer.Layer.Digest.ToString()), file.Size, DateTime.UnixEpoch, layer.Source)
            {
                Source = new SourceProvenance(layer.Source, image.ManifestDigest.ToString()),
            }))).ToList();
}
