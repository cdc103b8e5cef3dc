using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;

namespace Modelcar.Signing.Referrers;

/// <summary>
/// The publish's signing step. Once the image's manifest is written (before its tags move) it signs each in-toto
/// statement (a DSSE envelope) and the manifest digest the publish already computed (a message signature; no model
/// byte is read again), and hands each Sigstore bundle back as an OCI 1.1 referrer stored as cosign stores bundles:
/// artifactType and the one layer's media type = the bundle v0.3 media type, the bundle JSON as that layer,
/// annotations dev.sigstore.bundle.content and dev.sigstore.bundle.predicateType.
/// One signer serves the whole publish, made at the first signature: a keyless certificate's minutes start after
/// the upload, and every bundle of one publish names the same certificate.
/// </summary>
public sealed class SignatureReferrers(Func<CancellationToken, Task<IBundleSigner>> createSigner) : IDisposable
{
    private readonly List<SignedReferrer> _signed = [];
    private IBundleSigner? _signer;

    /// <summary>Every bundle made so far, for image.json.</summary>
    public IReadOnlyList<SignedReferrer> Signed => _signed;

    public async Task<ReferrerArtifact> SignStatementAsync(StatementToSign statement, CancellationToken cancellationToken)
    {
        IBundleSigner signer = await SignerAsync(cancellationToken);
        SigstoreBundle bundle = await signer.SignEnvelopeAsync(DsseEnvelope.InTotoPayloadType, statement.Json, cancellationToken);
        _signed.Add(new SignedReferrer(bundle.ContentKind, statement.PredicateType, bundle, signer.Identity));
        return ToArtifact(bundle, statement.PredicateType);
    }

    public async Task<ReferrerArtifact> SignImageAsync(PublishedModelcar image, CancellationToken cancellationToken)
    {
        IBundleSigner signer = await SignerAsync(cancellationToken);
        SigstoreBundle bundle = await signer.SignDigestAsync(Convert.FromHexString(image.Subject.Digest.Encoded), cancellationToken);
        _signed.Add(new SignedReferrer(bundle.ContentKind, null, bundle, signer.Identity));
        return ToArtifact(bundle, null);
    }

    private async Task<IBundleSigner> SignerAsync(CancellationToken cancellationToken) => _signer ??= await createSigner(cancellationToken);

    public static ReferrerArtifact ToArtifact(SigstoreBundle bundle, string? predicateType)
    {
        var annotations = new Dictionary<string, string>
        {
            [BundleMediaTypes.ContentAnnotation] = bundle.ContentKind,
            // An image signature carries cosign's sign predicate type, as cosign's own OCI 1.1 bundles do, so tools
            // that pick artifacts by this annotation find it.
            [BundleMediaTypes.PredicateTypeAnnotation] = predicateType ?? BundleMediaTypes.CosignSignPredicateType,
        };
        return new ReferrerArtifact(BundleMediaTypes.BundleV03, [ReferrerBlob.FromBytes(BundleMediaTypes.BundleV03, BundleJson.Serialize(bundle))])
        {
            Annotations = annotations,
            Description = predicateType is null ? "Sigstore signature of the image manifest" : $"Sigstore attestation {predicateType}",
        };
    }

    public void Dispose() => _signer?.Dispose();
}
