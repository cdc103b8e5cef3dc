using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Modelcar.Oci.Publish;
using Modelcar.Signing;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Keyless;
using Modelcar.Signing.Keys;
using Modelcar.Sdk.Referrers;
using Modelcar.Signing.Referrers;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Signing at publish (docs/signing.md): with <c>ModelcarSign=true</c> or a <c>ModelcarSigningKey</c>, the manifest
/// digest and each in-toto statement are signed into Sigstore bundles attached as OCI 1.1 referrers before the tags
/// move. The task sees a key's path or variable name, never its bytes as a property.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild never disposes a task; RecordSigning disposes the signer once the referrers are recorded.")]
public sealed partial class PublishModelcarImage
{
    private static readonly HttpClient SigstoreHttp = new() { Timeout = TimeSpan.FromMinutes(2) };
    private SignatureReferrers? _signing;

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

    private bool SigningEnabled => Sign?.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        null or "" => !string.IsNullOrWhiteSpace(SigningKey),
        _ => throw new ModelcarException(ErrorCodes.InvalidSigningInput, $"ModelcarSign is '{Sign}'. Use true, false, or leave it empty (sign when ModelcarSigningKey is set)."),
    };

    /// <summary>
    /// Makes the publish sign: every in-toto statement (ModelcarAttestations) becomes a DSSE bundle instead of an
    /// unsigned statement, and the image's manifest digest gets a message-signature bundle after them.
    /// </summary>
    private void AddSigning(PublishReferrers referrers, IModelcarLog log)
    {
        if (!SigningEnabled) return;
        Func<CancellationToken, Task<IBundleSigner>> createSigner;
        if (!string.IsNullOrWhiteSpace(SigningKey))
        {
            // Loaded now, before any upload, so a wrong key or password fails in seconds, not after gigabytes.
            var signer = new KeyedBundleSigner(SigningKeyLoader.Load(SigningKey.Trim(), SigningKeyPasswordVariable, ProjectDirectory));
            log.Info($"Signing with the key from {SigningKeyLoader.Describe(SigningKey.Trim())} ({signer.Identity.PublicKeyHint})");
            createSigner = _ => Task.FromResult<IBundleSigner>(signer);
        }
        else
        {
            Uri fulcio = SigstoreUrl(FulcioUrl, FulcioClient.DefaultUrl, "ModelcarFulcioUrl");
            Uri rekor = SigstoreUrl(RekorUrl, RekorClient.DefaultUrl, "ModelcarRekorUrl");
            log.Info($"Signing keyless: Fulcio {fulcio}, Rekor {rekor}");
            createSigner = async ct =>
            {
                OidcToken token = await new OidcTokenSource(SigstoreHttp).GetTokenAsync(SigningIdentityTokenVariable, ct);
                return await KeylessBundleSigner.CreateAsync(token, new FulcioClient(SigstoreHttp, fulcio), new RekorClient(SigstoreHttp, rekor), ct);
            };
        }
        _signing = new SignatureReferrers(createSigner);
        SignatureReferrers signing = _signing;
        referrers.SignStatement = (statement, _, ct) => signing.SignStatementAsync(new StatementToSign(statement.PredicateType, statement.Json), ct);
        referrers.More.Add(async (inputs, ct) => [await signing.SignImageAsync(inputs.Image, ct)]);
    }

    private static Uri SigstoreUrl(string? value, string fallback, string property)
    {
        string url = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput, $"{property} is '{url}', which is not an http(s) URL. Give the base URL of the service, e.g. {fallback}.");
        }
        return uri;
    }

    /// <summary>Adds who signed and which bundles were attached to image.json.</summary>
    private void RecordSigning(string imageJsonPath, PublishResult result, IModelcarLog log)
    {
        using SignatureReferrers? signing = _signing;
        if (signing is null || signing.Signed.Count == 0) return;
        SignerIdentity identity = signing.Signed[0].Signer;
        SigningIdentity = identity.ToString();
        var bundles = result.Referrers.Where(r => r.ArtifactType == BundleMediaTypes.BundleV03).ToList();
        var document = JsonNode.Parse(File.ReadAllText(imageJsonPath))!.AsObject();
        document["signing"] = new JsonObject
        {
            ["mode"] = identity.Mode,
            ["identity"] = identity.Subject,
            ["issuer"] = identity.Issuer,
            ["publicKeyHint"] = identity.PublicKeyHint,
            ["publicKey"] = identity.PublicKeyPem,
            ["bundles"] = new JsonArray(bundles.Select(b => (JsonNode?)new JsonObject
            {
                ["digest"] = b.Digest.ToString(),
                ["artifactType"] = b.ArtifactType,
                ["content"] = b.Annotations?.GetValueOrDefault(BundleMediaTypes.ContentAnnotation),
                ["predicateType"] = b.Annotations?.GetValueOrDefault(BundleMediaTypes.PredicateTypeAnnotation),
            }).ToArray()),
        };
        File.WriteAllText(imageJsonPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        log.Info($"Signed {result.Manifest.Digest} as {identity}: {signing.Signed.Count} Sigstore bundle(s) attached as referrers");
    }
}
