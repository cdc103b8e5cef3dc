using System.IO.Compression;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Support;

/// <summary>Reads compressed layer bytes back with the stock decoders (.NET's gzip, ZstdSharp's zstd), not the code under test.</summary>
internal static class LayerBlobs
{
    public static byte[] Decompress(byte[] blob, LayerCompression compression)
    {
        using Stream reader = compression switch
        {
            LayerCompression.Gzip => new GZipStream(new MemoryStream(blob), CompressionMode.Decompress),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(new MemoryStream(blob)),
            _ => new MemoryStream(blob),
        };
        using var output = new MemoryStream();
        reader.CopyTo(output);
        return output.ToArray();
    }
}
