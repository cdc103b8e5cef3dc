using System.Security.Cryptography;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;
using Modelcar.Signing.Keys;

namespace Modelcar.Signing;

/// <summary>
/// Signs with a long-lived ECDSA P-256 key. The bundle names the key by a hint; the verifier is handed the public
/// key out of band (ModelcarVerifyKey, cosign's --key, or the admission policy). Nothing is logged to Rekor.
/// </summary>
public sealed class KeyedBundleSigner(ECDsa key) : IBundleSigner
{
    public SignerIdentity Identity { get; } = new(SignerIdentity.KeyedMode, PublicKeys.Hint(key), PublicKeys.ToPem(key), null, null);

    public Task<SigstoreBundle> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken) =>
        Task.FromResult(new SigstoreBundle
        {
            PublicKeyHint = Identity.PublicKeyHint,
            MessageDigest = sha256,
            MessageSignature = key.SignHash(sha256, DSASignatureFormat.Rfc3279DerSequence),
        });

    public Task<SigstoreBundle> SignEnvelopeAsync(string payloadType, byte[] payload, CancellationToken cancellationToken)
    {
        byte[] signature = key.SignData(DssePae.Encode(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Task.FromResult(new SigstoreBundle
        {
            PublicKeyHint = Identity.PublicKeyHint,
            Envelope = new DsseEnvelope(payloadType, payload, signature),
        });
    }

    public void Dispose() => key.Dispose();
}
