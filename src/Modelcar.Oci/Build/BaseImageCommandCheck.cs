using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build;

/// <summary>
/// Checks, before anything is pushed, that a base image holds the commands KServe's classic modelcar mode
/// runs. It streams each base layer once through <see cref="LayerHeaderReader"/> (headers only, nothing
/// unpacked to disk) and remembers the answer by the base's manifest digest.
/// </summary>
public static class BaseImageCommandCheck
{
    /// <summary>Where each of <paramref name="commands"/> is on the base image's PATH, or null when it is not.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> LocateAsync(
        BaseImage baseImage, IReadOnlyList<string> commands, BaseImageCommandCache cache, IModelcarLog log, CancellationToken cancellationToken)
    {
        if (baseImage.IsScratch) return commands.ToDictionary(c => c, _ => (string?)null, StringComparer.Ordinal);
        if (baseImage.ManifestDigest is { } digest && cache.TryGet(digest, commands) is { } cached)
        {
            log.Detail($"  base image {baseImage.DisplayName}: commands checked before for {digest.Encoded[..12]}; not read again");
            return cached;
        }

        var tree = new BaseImageFileTree();
        for (int i = 0; i < baseImage.Layers.Count; i++)
        {
            Descriptor layer = baseImage.Layers[i];
            var entries = new List<LayerFileEntry>();
            try
            {
                await using Stream blob = await baseImage.Blobs!.OpenBlobAsync(layer.Digest, cancellationToken);
                await foreach (LayerFileEntry entry in LayerHeaderReader.ReadAsync(blob, cancellationToken)) entries.Add(entry);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
            {
                throw new ModelcarException(ErrorCodes.BaseImageLayerUnreadable,
                    $"Layer {i + 1} ({layer.Digest}, {layer.MediaType}) of the base image '{baseImage.DisplayName}' is not a tar (plain, gzip or zstd) that could be read to check for {string.Join(", ", commands)}: {e.Message}. Choose another base image, or set ModelcarSkipBaseImageCheck=true if you know it is fine.");
            }
            tree.ApplyLayer(entries);
        }

        IReadOnlyDictionary<string, string?> found = ClassicModeCommands.Locate(tree, ClassicModeCommands.SearchPath(baseImage.Config), commands);
        if (baseImage.ManifestDigest is { } manifest) cache.Record(manifest, found);
        return found;
    }

    /// <summary>Fails with <see cref="ErrorCodes.BaseImageLacksCommands"/> unless every classic-mode command is there.</summary>
    public static async Task EnsureClassicModeAsync(BaseImage baseImage, BaseImageCommandCache cache, IModelcarLog log, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string?> found = await LocateAsync(baseImage, ClassicModeCommands.Required, cache, log, cancellationToken);
        string[] missing = [.. found.Where(c => c.Value is null).Select(c => c.Key)];
        if (missing.Length > 0)
        {
            throw new ModelcarException(ErrorCodes.BaseImageLacksCommands,
                $"The base image '{baseImage.DisplayName}' ({baseImage.Platform}) has no {string.Join(", ", missing)} on its PATH ({string.Join(':', ClassicModeCommands.SearchPath(baseImage.Config))}). " +
                "KServe's classic modelcar mode (KServeStorageMode=oci) runs 'sh -c' with ln -sf, sleep infinity, ls -A and mkdir -p inside the image, so the pod would never start. " +
                "Choose a base image that has them (for example busybox), or set KServeStorageMode=oci+native (KServe 0.20+, no shell needed). " +
                "Set ModelcarSkipBaseImageCheck=true only if the commands come from somewhere this check cannot see.");
        }
        log.Detail($"  base image {baseImage.DisplayName} ({baseImage.Platform}) has {string.Join(", ", found.Select(c => $"{c.Key} ({c.Value})"))}");
    }
}
