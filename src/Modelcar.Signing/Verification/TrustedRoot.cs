using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Verification;

/// <summary>
/// The keyless trust anchors, read from a Sigstore trusted_root.json (protobuf-specs' TrustedRoot): the Fulcio
/// certificate authorities and the Rekor public keys (by log ID). The public Sigstore instance publishes one through
/// its TUF repository (cosign and sigstore-js fetch it); a private Sigstore has its own.
/// </summary>
public sealed class TrustedRoot
{
    public TrustedRoot(IReadOnlyList<X509Certificate2> certificateAuthorities, IReadOnlyDictionary<string, ECDsa> transparencyLogs)
    {
        CertificateAuthorities = certificateAuthorities;
        TransparencyLogs = transparencyLogs;
    }

    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; }

    /// <summary>Rekor keys by the hex log ID (SHA-256 of the key's SubjectPublicKeyInfo).</summary>
    public IReadOnlyDictionary<string, ECDsa> TransparencyLogs { get; }

    public static TrustedRoot Load(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var authorities = new List<X509Certificate2>();
            foreach (var ca in root["certificateAuthorities"]?.AsArray() ?? [])
            {
                foreach (var cert in ca?["certChain"]?["certificates"]?.AsArray() ?? [])
                {
                    authorities.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(cert!["rawBytes"]!.GetValue<string>())));
                }
            }
            var logs = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
            foreach (var tlog in root["tlogs"]?.AsArray() ?? [])
            {
                byte[] spki = Convert.FromBase64String(tlog!["publicKey"]!["rawBytes"]!.GetValue<string>());
                var key = ECDsa.Create();
                key.ImportSubjectPublicKeyInfo(spki, out _);
                string logId = tlog["logId"]?["keyId"] is { } id
                    ? Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()))
                    : Convert.ToHexStringLower(SHA256.HashData(spki));
                logs[logId] = key;
            }
            return new TrustedRoot(authorities, logs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException
                                   or InvalidOperationException or NullReferenceException or CryptographicException)
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"ModelcarVerifyTrustedRoot '{path}' is not a readable Sigstore trusted_root.json ({e.GetType().Name}). Give the trusted root of the Sigstore instance that signed (for the public one: 'cosign trusted-root create' or sigstore's TUF repository).");
        }
    }
}
