using Microsoft.Build.Framework;
using Modelcar.Publishing;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Signing at publish (docs/signing.md): with <c>ModelcarSign=true</c> or a <c>ModelcarSigningKey</c>, the manifest
/// digest and each in-toto statement are signed into Sigstore bundles attached as OCI 1.1 referrers before the tags
/// move. The task sees a key's path or variable name, never its bytes as a property.
/// </summary>
public sealed partial class PublishModelcarImage
{
    /// <summary>true: sign (keyless unless a key is given); false: never; empty: sign when a key is given.</summary>
    public string? Sign { get; set; }

    /// <summary>A PEM private key file, or env:VARIABLE holding the PEM. A path or a name, never the key itself.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The name of the environment variable holding the key's password.</summary>
    public string? SigningKeyPasswordVariable { get; set; }

    /// <summary>The name of the environment variable holding an OIDC token for keyless signing (default SIGSTORE_ID_TOKEN).</summary>
    public string? SigningIdentityTokenVariable { get; set; }

    public string? FulcioUrl { get; set; }

    public string? RekorUrl { get; set; }

    /// <summary>Who signed: "key sha256-hint" or the keyless identity; empty when unsigned.</summary>
    [Output]
    public string SigningIdentity { get; private set; } = "";

    private SigningOptions SigningOptions() => new()
    {
        Sign = Sign,
        SigningKey = SigningKey,
        SigningKeyPasswordVariable = SigningKeyPasswordVariable,
        SigningIdentityTokenVariable = SigningIdentityTokenVariable,
        FulcioUrl = FulcioUrl,
        RekorUrl = RekorUrl,
    };
}
