using Modelcar.Oci.Model;

namespace Modelcar.Oci.Publish;

/// <summary>
/// At most how many bytes an OCI archive of this image takes, known before a byte is written: every blob once
/// (layers shared by platforms or images count once), plus room for tar headers, configs and manifests. Model
/// layers count at their plain tar size, which a compressed layer only undercuts.
/// </summary>
public static class ArchiveSize
{
    /// <summary>Tar headers, padding, configs, manifests and the index: far below this for any image.</summary>
    private const long MetadataAllowance = 1L << 20;

    public static long Estimate(ModelcarImageRequest request)
    {
        var blobs = new Dictionary<Digest, long>();
        foreach (var baseImage in request.AllBases)
        {
            foreach (Descriptor layer in baseImage.Layers) blobs[layer.Digest] = layer.Size;
        }
        foreach (var inherited in request.InheritedLayers) blobs[inherited.Layer.Digest] = inherited.Layer.Size;
        long blobBytes = blobs.Values.Sum() + request.Layers.Sum(l => l.Content.Length);
        int blobCount = blobs.Count + request.Layers.Count;
        return blobBytes + blobCount * 1024L + MetadataAllowance;
    }
}
