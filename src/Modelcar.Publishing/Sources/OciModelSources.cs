using Modelcar.Oci.Build.Inherited;
using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Sources;

namespace Modelcar.Publishing.Sources;

/// <summary>
/// The <c>oci://</c> <c>ModelSource</c> sources: split out before the other sources are resolved, because their
/// files are not downloaded and re-layered but carried in their own layers (see InheritedModelLayers).
/// </summary>
public static class OciModelSources
{
    /// <summary>Metadata that moves or filters files, which a carried layer cannot do: its paths are fixed.</summary>
    private static readonly string[] UnsupportedMetadata = ["TargetPath", "AllowPatterns", "IgnorePatterns"];

    public static bool IsOci(ModelSourceSpec source) => InheritedModelLayers.IsOciUri(source.Uri);

    /// <summary>
    /// The oci:// sources, checked without a request (so <c>dotnet build</c> reports them too): a parsable image
    /// reference and no metadata that would move or filter files.
    /// </summary>
    public static IReadOnlyList<ModelSourceSpec> Validate(IEnumerable<ModelSourceSpec> sources)
    {
        var oci = sources.Where(IsOci).ToList();
        foreach (ModelSourceSpec source in oci)
        {
            string uri = source.Uri.Trim();
            foreach (string name in UnsupportedMetadata)
            {
                string value = MetadataAsWritten(source, name);
                if (value.Length == 0) continue;
                throw new ModelcarException(ErrorCodes.OciSourceMetadataUnsupported,
                    $"The ModelSource '{uri}' has {name}='{value}', but an oci:// source keeps the image's model layers as they are, so its files stay at the paths they have under /models. Remove {name}; to move or leave out files, list them as ModelFile items instead.");
            }
            InheritedModelLayers.ParseUri(uri);
        }
        return oci;
    }

    /// <summary>A metadata value as the project wrote it (blanks kept, so the message quotes it); empty when not set.</summary>
    private static string MetadataAsWritten(ModelSourceSpec source, string name) =>
        source.Metadata.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "";

    /// <summary>Reads every oci:// source's image, one after another, with the registry client of its registry.</summary>
    /// <param name="cacheDirectory">The shared download cache, where layer classifications are kept by digest.</param>
    public static async Task<IReadOnlyList<InheritedModelImage>> ResolveAsync(IEnumerable<ModelSourceSpec> sources, Platform platform, Func<string, RegistryClient> clientFor, string cacheDirectory, IModelcarLog log, CancellationToken cancellationToken)
    {
        var images = new List<InheritedModelImage>();
        foreach (ModelSourceSpec source in Validate(sources))
        {
            string uri = source.Uri.Trim();
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
