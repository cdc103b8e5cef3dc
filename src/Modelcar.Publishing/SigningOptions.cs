namespace Modelcar.Publishing;

/// <summary>Signing at publish (docs/signing.md). Paths and variable names only, never a key or a password itself.</summary>
public sealed record SigningOptions
{
    /// <summary>ModelcarSign: true signs (keyless unless a key is given); false never; empty signs when a key is given.</summary>
    public string? Sign { get; init; }

    /// <summary>ModelcarSigningKey: a PEM private key file, or env:VARIABLE holding the PEM.</summary>
    public string? SigningKey { get; init; }

    /// <summary>The name of the environment variable holding the key's password.</summary>
    public string? SigningKeyPasswordVariable { get; init; }

    /// <summary>The name of the environment variable holding an OIDC token for keyless signing (default SIGSTORE_ID_TOKEN).</summary>
    public string? SigningIdentityTokenVariable { get; init; }

    public string? FulcioUrl { get; init; }

    public string? RekorUrl { get; init; }
}
