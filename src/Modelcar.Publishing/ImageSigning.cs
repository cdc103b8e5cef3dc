using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Publishing.Referrers;
using Modelcar.Signing;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Keyless;
using Modelcar.Signing.Keys;
using Modelcar.Signing.Referrers;

namespace Modelcar.Publishing;

/// <summary>
/// Signing at publish (docs/signing.md): with <c>ModelcarSign=true</c> or a <c>ModelcarSigningKey</c>, the manifest
/// digest and each in-toto statement are signed into Sigstore bundles attached as OCI 1.1 referrers before the tags
/// move. It sees a key's path or variable name, never its bytes as a setting.
/// </summary>
internal sealed class ImageSigning : IDisposable
{
    private static readonly HttpClient SigstoreHttp = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly SignatureReferrers _signatures;

    private ImageSigning(SignatureReferrers signatures) => _signatures = signatures;

    /// <summary>
    /// The signer the options ask for, or null when the publish does not sign. A key is loaded now, before any
    /// upload, so a wrong key or password fails in seconds, not after gigabytes.
    /// </summary>
    public static ImageSigning? Create(SigningOptions options, string projectDirectory, IModelcarLog log)
    {
        if (!Enabled(options)) return null;
        Func<CancellationToken, Task<IBundleSigner>> createSigner;
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var signer = new KeyedBundleSigner(SigningKeyLoader.Load(options.SigningKey.Trim(), options.SigningKeyPasswordVariable, projectDirectory));
            log.Info($"Signing with the key from {SigningKeyLoader.Describe(options.SigningKey.Trim())} ({signer.Identity.PublicKeyHint})");
            createSigner = _ => Task.FromResult<IBundleSigner>(signer);
        }
        else
        {
            Uri fulcio = SigstoreUrl(options.FulcioUrl, FulcioClient.DefaultUrl, "ModelcarFulcioUrl");
            Uri rekor = SigstoreUrl(options.RekorUrl, RekorClient.DefaultUrl, "ModelcarRekorUrl");
            log.Info($"Signing keyless: Fulcio {fulcio}, Rekor {rekor}");
            createSigner = async ct =>
            {
                OidcToken token = await new OidcTokenSource(SigstoreHttp).GetTokenAsync(options.SigningIdentityTokenVariable, ct);
                return await KeylessBundleSigner.CreateAsync(token, new FulcioClient(SigstoreHttp, fulcio), new RekorClient(SigstoreHttp, rekor), ct);
            };
        }
        return new ImageSigning(new SignatureReferrers(createSigner));
    }

    /// <summary>
    /// Makes the publish sign: every in-toto statement (ModelcarAttestations) becomes a DSSE bundle instead of an
    /// unsigned statement, and the image's manifest digest gets a message-signature bundle after them.
    /// </summary>
    public void AttachTo(PublishReferrers referrers)
    {
        referrers.SignStatement = (statement, _, ct) => _signatures.SignStatementAsync(new StatementToSign(statement.PredicateType, statement.Json), ct);
        referrers.More.Add(async (inputs, ct) => [await _signatures.SignImageAsync(inputs.Image, ct)]);
    }

    /// <summary>Records who signed and which bundles were attached in image.json; null when nothing was signed.</summary>
    public SignerIdentity? Record(ImageJson imageJson, PublishResult result)
    {
        if (_signatures.Signed.Count == 0) return null;
        SignerIdentity identity = _signatures.Signed[0].Signer;
        imageJson.RecordSigning(identity, result.Referrers.Where(r => r.ArtifactType == BundleMediaTypes.BundleV03));
        return identity;
    }

    /// <summary>How many bundles the publish signed.</summary>
    public int SignedCount => _signatures.Signed.Count;

    public void Dispose() => _signatures.Dispose();

    /// <summary>true: sign (keyless unless a key is given); false: never; empty: sign when a key is given.</summary>
    private static bool Enabled(SigningOptions options) => options.Sign?.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        null or "" => !string.IsNullOrWhiteSpace(options.SigningKey),
        _ => throw new ModelcarException(ErrorCodes.InvalidSigningInput, $"ModelcarSign is '{options.Sign}'. Use true, false, or leave it empty (sign when ModelcarSigningKey is set)."),
    };

    private static Uri SigstoreUrl(string? value, string fallback, string property)
    {
        string url = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput, $"{property} is '{url}', which is not an http(s) URL. Give the base URL of the service, e.g. {fallback}.");
        }
        return uri;
    }
}
