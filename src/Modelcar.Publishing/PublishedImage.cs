using Modelcar.Oci.Model;
using Modelcar.Signing;

namespace Modelcar.Publishing;

/// <summary>What a publish produced: the image by digest, its size, where the archive went, and who signed it.</summary>
public sealed record PublishedImage
{
    public required ImageSettings Settings { get; init; }

    /// <summary>The image by digest, with its first tag kept for humans: <c>registry/repo:tag@sha256:…</c>.</summary>
    public required ImageReference Reference { get; init; }

    /// <summary>The manifest's digest (the index's, for a multi-platform modelcar).</summary>
    public required Digest Digest { get; init; }

    /// <summary>The layers' and the config's bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The OCI archive written; empty when the image was pushed to a registry.</summary>
    public required string ArchivePath { get; init; }

    /// <summary>Null when the publish did not sign.</summary>
    public SignerIdentity? Signer { get; init; }
}
