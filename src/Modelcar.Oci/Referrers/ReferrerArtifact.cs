namespace Modelcar.Oci.Referrers;

/// <summary>
/// What to attach to an image as an OCI 1.1 referrer: an image manifest with this <see cref="ArtifactType"/>,
/// <see cref="Blobs"/> as its layers and the image as its <c>subject</c>.
/// </summary>
/// <param name="ArtifactType">e.g. <c>application/vnd.dev.sigstore.bundle.v0.3+json</c> or <c>application/vnd.cncf.model.manifest.v1+json</c>.</param>
/// <param name="Blobs">The manifest's layers, in order. Empty: one empty descriptor, as the image spec's artifact guidance says.</param>
public sealed record ReferrerArtifact(string ArtifactType, IReadOnlyList<ReferrerBlob> Blobs)
{
    /// <summary>The manifest's annotations; the referrers list copies them, so a reader can pick an artifact without fetching it.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The artifact's config; null gives the empty descriptor (<c>application/vnd.oci.empty.v1+json</c>, <c>{}</c>).</summary>
    public ReferrerBlob? Config { get; init; }

    /// <summary>For the log and image.json: what produced it, e.g. <c>ModelPack view</c>.</summary>
    public string? Description { get; init; }
}
