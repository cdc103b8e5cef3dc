using Modelcar.Oci.Model;

namespace Modelcar.Oci.Referrers;

/// <summary>
/// Attaches an artifact to an image as an OCI 1.1 referrer: its blobs first, then an image manifest with
/// <c>artifactType</c> and <c>subject</c>, then whatever the target needs to list it (nothing on a registry
/// with the referrers API, the <c>sha256-&lt;hex&gt;</c> fallback index on one without, index.json in an archive).
/// </summary>
public static class ReferrerPublisher
{
    /// <summary>The empty JSON object the empty descriptor names.</summary>
    public static readonly byte[] EmptyJson = "{}"u8.ToArray();

    public static readonly Descriptor EmptyDescriptor = new() { MediaType = MediaTypes.Empty, Digest = Digest.ComputeSha256(EmptyJson), Size = EmptyJson.Length };

    /// <returns>The referrer's manifest descriptor as a referrers list shows it (with artifactType and annotations).</returns>
    public static async Task<Descriptor> AttachAsync(IReferrerTarget target, Descriptor subject, ReferrerArtifact artifact, CancellationToken cancellationToken)
    {
        (Descriptor manifest, byte[] content) = BuildManifest(subject, artifact);
        ReferrerBlob config = artifact.Config ?? ReferrerBlob.FromBytes(MediaTypes.Empty, EmptyJson);
        foreach (ReferrerBlob blob in artifact.Blobs.Prepend(config).DistinctBy(b => b.Descriptor.Digest))
        {
            if (blob.Content is { } bytes)
            {
                await target.WriteBlobAsync(blob.Descriptor, bytes, cancellationToken);
            }
            else if (!await target.HasBlobAsync(blob.Descriptor.Digest, cancellationToken))
            {
                throw new ModelcarException(ErrorCodes.ReferrerBlobMissing,
                    $"The {artifact.Description ?? artifact.ArtifactType} names blob {blob.Descriptor.Digest} as already in {target.Description}, but it is not there. " +
                    "The image's own layers must be written before an artifact that shares them; publish again.");
            }
        }
        if (artifact.Blobs.Count == 0) await target.WriteBlobAsync(EmptyDescriptor, EmptyJson, cancellationToken);
        await target.WriteReferrerAsync(SubjectOf(subject), manifest, content, cancellationToken);
        return manifest;
    }

    /// <summary>The referrer's manifest bytes and its descriptor as a referrers list entry.</summary>
    public static (Descriptor Entry, byte[] Content) BuildManifest(Descriptor subject, ReferrerArtifact artifact)
    {
        var manifest = new ImageManifest
        {
            ArtifactType = artifact.ArtifactType,
            Config = artifact.Config?.Descriptor ?? EmptyDescriptor,
            Layers = artifact.Blobs.Count == 0 ? [EmptyDescriptor] : [.. artifact.Blobs.Select(b => b.Descriptor)],
            Subject = SubjectOf(subject),
            Annotations = ReferrerBlob.Sorted(artifact.Annotations),
        };
        byte[] content = OciJson.Serialize(manifest);
        var entry = new Descriptor
        {
            MediaType = MediaTypes.OciManifest,
            Digest = Digest.ComputeSha256(content),
            Size = content.Length,
            ArtifactType = artifact.ArtifactType,
            Annotations = manifest.Annotations,
        };
        return (entry, content);
    }

    /// <summary>A subject names a manifest by media type, digest and size only: no platform, no annotations.</summary>
    public static Descriptor SubjectOf(Descriptor manifest) =>
        new() { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Size };
}
