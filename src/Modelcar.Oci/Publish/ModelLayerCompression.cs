using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Publish;

/// <summary>What both targets do with a layer that asks to be compressed: measure it, and keep it only if it pays.</summary>
internal static class ModelLayerCompression
{
    /// <summary>The layer compressed, or null when it asks for no compression or compressing saves too little.</summary>
    public static async Task<CompressedLayer?> TryCompressAsync(PlannedLayer layer, IModelcarLog? log, CancellationToken cancellationToken)
    {
        if (layer.Compression == LayerCompression.None) return null;
        CompressedLayer compressed = await CompressedLayer.MeasureAsync(layer.Content, layer.Compression, cancellationToken);
        if (compressed.Pays) return compressed;
        log?.Detail($"  {layer.Description}: {compressed.Summary} saves less than {1 - CompressedLayer.MaxPayingRatio:P0}; written as a plain tar");
        return null;
    }

    /// <summary>The second pass through the compressor gave other bytes than the first: the layer's files changed while it was written.</summary>
    public static ModelcarException NotReproducible(PlannedLayer layer, Digest measured, Digest written) =>
        new(ErrorCodes.ModelFileChanged,
            $"The compressed layer '{layer.Name}' came out as {written} when written but {measured} when measured: a file in it changed during the publish. Publish again once the model files are no longer being written.");
}
