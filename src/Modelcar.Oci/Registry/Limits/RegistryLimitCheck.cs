using System.Globalization;
using Modelcar.Oci.Build;

namespace Modelcar.Oci.Registry.Limits;

/// <summary>
/// Checks a layer plan against the target registry's documented limits before a byte is sent, so that a 12 GB shard
/// bound for ghcr.io fails the build in a second, naming the file, instead of failing the push an hour in.
/// </summary>
public static class RegistryLimitCheck
{
    /// <param name="registry">The target registry host; empty (an OCI archive) or unknown means no check.</param>
    /// <param name="maxLayerBytesOverride"><c>ModelcarRegistryMaxLayerSize</c>: wins over the table, for any registry.</param>
    /// <param name="layers">The model's planned layers (a base's layers are the base registry's business).</param>
    public static void Check(string? registry, long? maxLayerBytesOverride, IReadOnlyList<PlannedLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        RegistryLimit? known = RegistryLimits.For(registry);
        long? maxLayer = maxLayerBytesOverride ?? known?.MaxLayerBytes;
        string who = maxLayerBytesOverride is not null
            ? $"the limit ModelcarRegistryMaxLayerSize sets for '{registry}'"
            : $"what {known?.Name} takes per layer ({known?.Source})";

        if (maxLayer is { } limit)
        {
            foreach (var layer in layers)
            {
                if (layer.Content.Length <= limit) continue;
                if (layer.Files.Count == 1)
                {
                    var file = layer.Files[0];
                    throw new ModelcarException(ErrorCodes.RegistryLimitExceeded,
                        $"The model file '{file.Source.Name}' (/models/{file.TargetPath}) is {Describe(file.Size)}, so its layer ({Describe(layer.Content.Length)}) is larger than the {Describe(limit)} that is {who}. " +
                        $"Push to a registry that takes larger layers ({Alternatives(limit)}), or split the weights into shards smaller than the limit " +
                        "(for example save_pretrained(..., max_shard_size=\"5GB\") for a Hugging Face model). If the registry's real limit is different, set ModelcarRegistryMaxLayerSize.");
                }
                throw new ModelcarException(ErrorCodes.RegistryLimitExceeded,
                    $"A layer of {layer.Files.Count} small files (starting with '{layer.Files[0].Source.Name}') is {Describe(layer.Content.Length)}, larger than the {Describe(limit)} that is {who}. " +
                    $"Set ContainerMaxLayerSize below the limit (for example {Math.Max(1, limit / 2 / (1L << 20))}MB) so they are split across layers, or push to a registry that takes larger layers.");
            }
        }

        if (known?.MaxLayerCount is { } maxCount && layers.Count > maxCount)
        {
            throw new ModelcarException(ErrorCodes.RegistryLimitExceeded,
                $"The model needs {layers.Count} layers, more than the {maxCount} that {known.Name} takes in one image ({known.Source}). " +
                "Raise ModelcarLargeFileThreshold so that fewer files get a layer of their own, merge small shards, or push to another registry.");
        }
    }

    private static string Describe(long bytes) => $"{ByteSize.Format(bytes)} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";

    private static string Alternatives(long limit) => string.Join(", ", RegistryLimits.All
        .Where(r => r.MaxLayerBytes is null || r.MaxLayerBytes > limit)
        .Select(r => r.MaxLayerBytes is { } max ? $"{r.Name}: {ByteSize.Format(max)}" : $"{r.Name}: no documented limit"));
}
