using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;
using Modelcar.Signing.Keyless;

namespace Modelcar.Signing;

/// <summary>
/// Keyless signing: an ephemeral P-256 key that lives only in this process, a Fulcio certificate binding it to the
/// OIDC identity for a few minutes, and a Rekor entry per signature proving it was made while the certificate was
/// valid. The bundle carries the leaf certificate and the Rekor entry.
/// </summary>
public sealed class KeylessBundleSigner : IBundleSigner
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _leaf;
    private readonly string _leafPem;
    private readonly RekorClient _rekor;

    private KeylessBundleSigner(ECDsa key, X509Certificate2 leaf, RekorClient rekor, SignerIdentity identity)
    {
        _key = key;
        _leaf = leaf;
        _leafPem = leaf.ExportCertificatePem();
        _rekor = rekor;
        Identity = identity;
    }

    public SignerIdentity Identity { get; }

    public static async Task<KeylessBundleSigner> CreateAsync(OidcToken token, FulcioClient fulcio, RekorClient rekor, CancellationToken cancellationToken)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var chain = await fulcio.GetSigningCertificateAsync(token, key, cancellationToken);
            var leaf = chain[0];
            var identity = new SignerIdentity(SignerIdentity.KeylessMode, null, null,
                CertificateIdentity.SubjectAlternativeName(leaf), CertificateIdentity.Issuer(leaf) ?? token.Issuer);
            return new KeylessBundleSigner(key, leaf, rekor, identity);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public async Task<SigstoreBundle> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken)
    {
        byte[] signature = _key.SignHash(sha256, DSASignatureFormat.Rfc3279DerSequence);
        var entry = await _rekor.LogHashedRekordAsync(sha256, signature, _leafPem, cancellationToken);
        return new SigstoreBundle { Certificate = _leaf.RawData, TlogEntries = [entry], MessageDigest = sha256, MessageSignature = signature };
    }

    public async Task<SigstoreBundle> SignEnvelopeAsync(string payloadType, byte[] payload, CancellationToken cancellationToken)
    {
        byte[] signature = _key.SignData(DssePae.Encode(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var envelope = new DsseEnvelope(payloadType, payload, signature);
        var entry = await _rekor.LogDsseAsync(envelope, _leafPem, cancellationToken);
        return new SigstoreBundle { Certificate = _leaf.RawData, TlogEntries = [entry], Envelope = envelope };
    }

    public void Dispose()
    {
        _key.Dispose();
        _leaf.Dispose();
    }
}
