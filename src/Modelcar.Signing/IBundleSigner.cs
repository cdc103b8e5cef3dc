using Modelcar.Signing.Bundle;

namespace Modelcar.Signing;

/// <summary>Makes Sigstore bundles: a message signature over an image manifest digest, a DSSE envelope over a statement.</summary>
public interface IBundleSigner : IDisposable
{
    SignerIdentity Identity { get; }

    /// <summary>Signs a SHA-256 digest that was already computed (the manifest's digest): no content is read again.</summary>
    Task<SigstoreBundle> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken);

    /// <summary>Signs a payload (an in-toto statement) as a DSSE envelope of the given payload type.</summary>
    Task<SigstoreBundle> SignEnvelopeAsync(string payloadType, byte[] payload, CancellationToken cancellationToken);
}
