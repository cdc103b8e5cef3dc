namespace Modelcar.Signing.Bundle;

/// <summary>Media types and annotation keys of Sigstore bundles and of their OCI 1.1 storage (as cosign writes them).</summary>
public static class BundleMediaTypes
{
    /// <summary>The Sigstore bundle v0.3 media type: the bundle's own mediaType, the referrer's artifactType and its layer's media type.</summary>
    public const string BundleV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>Referrer annotation: what the bundle holds, "message-signature" or "dsse-envelope".</summary>
    public const string ContentAnnotation = "dev.sigstore.bundle.content";

    /// <summary>Referrer annotation: the in-toto predicate type of a DSSE bundle.</summary>
    public const string PredicateTypeAnnotation = "dev.sigstore.bundle.predicateType";

    /// <summary>The predicateType annotation cosign gives an image signature (a message-signature bundle) stored as a referrer.</summary>
    public const string CosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";

    public const string MessageSignatureContent = "message-signature";
    public const string DsseEnvelopeContent = "dsse-envelope";
}
