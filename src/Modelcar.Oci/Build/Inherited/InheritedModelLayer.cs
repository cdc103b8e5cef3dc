using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.Inherited;

/// <summary>
/// A layer of an existing modelcar that holds only files under /models, carried into the new image as it
/// is: same bytes, same digest, mounted or copied like a base layer, never re-tarred.
/// </summary>
/// <param name="Layer">The layer's descriptor as the new manifest lists it (Docker media types mapped to OCI ones).</param>
/// <param name="DiffId">The digest of the uncompressed tar, from the source config's <c>rootfs.diff_ids</c>.</param>
/// <param name="Blobs">Where the layer's blob is read, mounted or copied from.</param>
/// <param name="Files">The regular files the layer puts under /models.</param>
/// <param name="Source">The <c>ModelSource</c> URI it came from, for the image's history and the log.</param>
public sealed record InheritedModelLayer(Descriptor Layer, Digest DiffId, IBlobSource Blobs, IReadOnlyList<InheritedModelFile> Files, string Source)
{
    /// <summary>The history entry's <c>created_by</c>, next to the new layers' <c>COPY … /models/</c>.</summary>
    public string Description => $"COPY --from={Source} /models/ /models/ ({(Files.Count == 1 ? Files[0].TargetPath : $"{Files.Count} files")})";
}

/// <summary>A regular file in an inherited layer.</summary>
/// <param name="TargetPath">Relative POSIX path under /models.</param>
public sealed record InheritedModelFile(string TargetPath, long Size);

/// <summary>What an <c>oci://</c> model source gave: the image it resolved to and its model layers, in image order.</summary>
/// <param name="Reference">The reference as written, pinned to nothing.</param>
/// <param name="ManifestDigest">The platform manifest the layers were taken from, for annotations and image.json.</param>
public sealed record InheritedModelImage(ImageReference Reference, Digest ManifestDigest, IReadOnlyList<InheritedModelLayer> Layers)
{
    /// <summary>How many of the image's layers were streamed to classify them; the others were known from the cache.</summary>
    public int LayersRead { get; init; }
}
