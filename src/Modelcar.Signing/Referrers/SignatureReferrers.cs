using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;

namespace Modelcar.Signing.Referrers;

/// <summary>
/// The publish's signing step, as a referrer producer: once the image's manifest is written (before its tags move),
/// signs the manifest digest the publish already computed (a message signature; no model byte is read again) and
/// each in-toto statement (a DSSE envelope), and hands each Sigstore bundle back as an OCI 1.1 referrer stored as
/// cosign stores bundles: artifactType and the one layer's media type = the bundle v0.3 media type, the bundle JSON
/// as that layer, annotations dev.sigstore.bundle.content and (for attestations) dev.sigstore.bundle.predicateType.
/// </summary>
public static class SignatureReferrers
{
    /// <param name="createSigner">Made only when the producer runs, so a keyless certificate's minutes start after the upload.</param>
    /// <param name="statements">The statements to sign for this image (none: only the manifest signature).</param>
    /// <param name="signed">Receives every bundle made, for image.json.</param>
    public static ReferrerProducer Producer(
        Func<CancellationToken, Task<IBundleSigner>> createSigner,
        Func<PublishedModelcar, IReadOnlyList<StatementToSign>> statements,
        ICollection<SignedReferrer> signed) => async (image, cancellationToken) =>
    {
        using IBundleSigner signer = await createSigner(cancellationToken);
        var artifacts = new List<ReferrerArtifact>();
        byte[] digest = Convert.FromHexString(image.Subject.Digest.Encoded);
        SigstoreBundle signature = await signer.SignDigestAsync(digest, cancellationToken);
        signed.Add(new SignedReferrer(signature.ContentKind, null, signature, signer.Identity));
        artifacts.Add(ToArtifact(signature, null));
        foreach (StatementToSign statement in statements(image))
        {
            SigstoreBundle attestation = await signer.SignEnvelopeAsync(DsseEnvelope.InTotoPayloadType, statement.Json, cancellationToken);
            signed.Add(new SignedReferrer(attestation.ContentKind, statement.PredicateType, attestation, signer.Identity));
            artifacts.Add(ToArtifact(attestation, statement.PredicateType));
        }
        return artifacts;
    };

    public static ReferrerArtifact ToArtifact(SigstoreBundle bundle, string? predicateType)
    {
        var annotations = new Dictionary<string, string> { [BundleMediaTypes.ContentAnnotation] = bundle.ContentKind };
        // An image signature carries cosign's sign predicate type, as cosign's own OCI 1.1 bundles do, so tools that
        // pick artifacts by this annotation find it.
        annotations[BundleMediaTypes.PredicateTypeAnnotation] = predicateType ?? BundleMediaTypes.CosignSignPredicateType;
        return new ReferrerArtifact(BundleMediaTypes.BundleV03, [ReferrerBlob.FromBytes(BundleMediaTypes.BundleV03, BundleJson.Serialize(bundle))])
        {
            Annotations = annotations,
            Description = predicateType is null ? "Sigstore signature of the image manifest" : $"Sigstore attestation {predicateType}",
        };
    }
}
