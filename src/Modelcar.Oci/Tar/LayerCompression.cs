using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tar;

/// <summary>How a layer's tar is compressed on its way into the image.</summary>
public enum LayerCompression
{
    /// <summary>Plain tar: weights do not compress, and the layer digest is then the diff_id.</summary>
    None,

    /// <summary>gzip: every runtime reads it.</summary>
    Gzip,

    /// <summary>zstd: faster to compress and unpack than gzip; containerd 1.5+ and CRI-O read it.</summary>
    Zstd,
}

public static class LayerCompressions
{
    /// <summary>The <c>ModelcarSmallFileCompression</c> property: empty or <c>none</c>, <c>gzip</c>, <c>zstd</c>.</summary>
    public static LayerCompression Parse(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "none" => LayerCompression.None,
        "gzip" => LayerCompression.Gzip,
        "zstd" => LayerCompression.Zstd,
        _ => throw new ModelcarException(ErrorCodes.InvalidLayerCompression,
            $"ModelcarSmallFileCompression '{text}' is not a compression. Use 'none' (the default), 'gzip' (read by every runtime) or 'zstd' (containerd 1.5+, CRI-O)."),
    };

    public static string MediaType(this LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        _ => MediaTypes.OciLayer,
    };

    /// <summary>What logs call it: <c>gzip</c>, <c>zstd</c> or <c>none</c>.</summary>
    public static string Name(this LayerCompression compression) => compression.ToString().ToLowerInvariant();
}
