using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Modelcar.Signing.Keys;

namespace Modelcar.Signing.Keyless;

/// <summary>
/// Fulcio's v2 REST API: <c>POST /api/v2/signingCert</c> trades an OIDC token and a public key (with a proof that
/// we hold its private half: a signature over the token's subject) for a short-lived code-signing certificate.
/// </summary>
public sealed class FulcioClient(HttpClient http, Uri baseUrl)
{
    public const string DefaultUrl = "https://fulcio.sigstore.dev";

    public async Task<X509Certificate2[]> GetSigningCertificateAsync(OidcToken token, ECDsa key, CancellationToken cancellationToken)
    {
        byte[] proof = key.SignData(Encoding.UTF8.GetBytes(token.ProofSubject), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var body = new JsonObject
        {
            ["credentials"] = new JsonObject { ["oidcIdentityToken"] = token.Raw },
            ["publicKeyRequest"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["algorithm"] = "ECDSA", ["content"] = PublicKeys.ToPem(key) },
                ["proofOfPossession"] = Convert.ToBase64String(proof),
            },
        };
        var url = new Uri(baseUrl, "api/v2/signingCert");
        var answer = await SigstoreHttp.PostJsonAsync(http, url, body, "Fulcio", token.Raw, cancellationToken);
        // Fulcio answers with the SCT embedded in the leaf or detached beside the chain; the chain is the same.
        var chain = (answer["signedCertificateEmbeddedSct"] ?? answer["signedCertificateDetachedSct"])?["chain"]?["certificates"]?.AsArray();
        if (chain is null || chain.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"Fulcio at {url} answered without a certificate chain. Check that ModelcarFulcioUrl names a Fulcio server.");
        }
        var certificates = chain.Select(c => X509Certificate2.CreateFromPem(c!.GetValue<string>())).ToArray();
        using var leafKey = certificates[0].GetECDsaPublicKey();
        if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"Fulcio at {url} issued a certificate for another key than the one it was sent. Check ModelcarFulcioUrl.");
        }
        return certificates;
    }
}
