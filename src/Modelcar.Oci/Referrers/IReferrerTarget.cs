using Modelcar.Oci.Model;

namespace Modelcar.Oci.Referrers;

/// <summary>
/// Where referrers are stored and listed: a registry repository (the referrers API, or the spec's fallback tag
/// where the registry has none) or the OCI archive being written (index.json names them).
/// </summary>
public interface IReferrerTarget
{
    /// <summary>For messages: <c>registry/repository</c> or the archive's path.</summary>
    string Description { get; }

    Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Writes a small blob (a config, a bundle, a statement) unless the target has it.</summary>
    Task WriteBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a manifest whose <c>subject</c> is <paramref name="subject"/> and makes it listable as its referrer.
    /// <paramref name="entry"/> is the manifest's descriptor as a referrers list shows it (artifactType, annotations).
    /// </summary>
    Task WriteReferrerAsync(Descriptor subject, Descriptor entry, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Every referrer of <paramref name="subject"/>, each with its artifactType and annotations; empty when none.</summary>
    Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, CancellationToken cancellationToken);
}
