using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Tests.Fakes;

/// <summary>
/// A fake Fulcio (its v2 REST API, POST /api/v2/signingCert): checks the OIDC token against the fake issuer and the
/// proof of possession, then issues a short-lived code-signing certificate with the token's identity in the SAN and
/// the issuer in Fulcio's extensions, from its own root CA. A fake because no public Sigstore is reachable here.
/// </summary>
public sealed class FakeFulcio : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeOidcIssuer _issuer;

    public FakeFulcio(FakeOidcIssuer issuer)
    {
        _issuer = issuer;
        var request = new CertificateRequest("CN=fake-fulcio-root, O=modelcar-tests", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        RootCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 RootCertificate { get; }

    /// <summary>When the next certificates start and stop being valid, relative to now (a test makes them expired).</summary>
    public TimeSpan NotBeforeOffset { get; set; } = TimeSpan.FromMinutes(-1);

    public TimeSpan NotAfterOffset { get; set; } = TimeSpan.FromMinutes(10);

    public int Issued { get; private set; }

    /// <summary>Answers a signingCert request: (status, JSON body).</summary>
    public (int Status, JsonNode Body) SigningCert(JsonNode request)
    {
        string token = request["credentials"]?["oidcIdentityToken"]?.GetValue<string>() ?? "";
        var claims = _issuer.Validate(token);
        if (claims is null) return (401, Error("invalid identity token"));
        if (claims["aud"]?.GetValue<string>() != "sigstore") return (401, Error("audience is not sigstore"));

        using var key = ECDsa.Create();
        key.ImportFromPem(request["publicKeyRequest"]!["publicKey"]!["content"]!.GetValue<string>());
        string issuer = claims["iss"]!.GetValue<string>();
        string? email = claims["email"]?.GetValue<string>();
        string subject = email ?? claims["sub"]!.GetValue<string>();
        byte[] proof = Convert.FromBase64String(request["publicKeyRequest"]!["proofOfPossession"]!.GetValue<string>());
        if (!key.VerifyData(Encoding.UTF8.GetBytes(email ?? claims["sub"]!.GetValue<string>()), proof, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            return (400, Error("proof of possession does not verify"));
        }

        var leafRequest = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        // GitHub Actions: the SAN is the workflow's URI; an email token: the email; otherwise the subject as a URI.
        if (claims["job_workflow_ref"] is { } workflow) san.AddUri(new Uri("https://github.com/" + workflow.GetValue<string>()));
        else if (email is not null) san.AddEmailAddress(email);
        else san.AddUri(new Uri(subject));
        leafRequest.CertificateExtensions.Add(san.Build(true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(RootCertificate, true, false));
        leafRequest.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.1", Encoding.ASCII.GetBytes(issuer), false));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, issuer);
        leafRequest.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", writer.Encode(), false));

        var now = DateTimeOffset.UtcNow;
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = leafRequest.Create(RootCertificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey),
            now + NotBeforeOffset, now + NotAfterOffset, serial);
        Issued++;
        return (201, new JsonObject
        {
            ["signedCertificateEmbeddedSct"] = new JsonObject
            {
                ["chain"] = new JsonObject { ["certificates"] = new JsonArray(leaf.ExportCertificatePem(), RootCertificate.ExportCertificatePem()) },
            },
        });
    }

    private static JsonObject Error(string message) => new() { ["code"] = 400, ["message"] = message };

    public void Dispose()
    {
        _caKey.Dispose();
        RootCertificate.Dispose();
    }
}
