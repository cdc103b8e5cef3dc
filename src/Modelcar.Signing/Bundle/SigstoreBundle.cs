using Modelcar.Signing.Dsse;

namespace Modelcar.Signing.Bundle;

/// <summary>
/// A Sigstore bundle v0.3: one signature (a message signature over a digest, or a DSSE envelope) with what a
/// verifier needs to check it: a public-key hint (keyed) or the signing certificate (keyless), and Rekor entries.
/// </summary>
public sealed record SigstoreBundle
{
    /// <summary>Keyless: the DER leaf certificate Fulcio issued for the ephemeral key.</summary>
    public byte[]? Certificate { get; init; }

    /// <summary>Keyed: an opaque name of the public key (the hex SHA-256 of its SubjectPublicKeyInfo).</summary>
    public string? PublicKeyHint { get; init; }

    public IReadOnlyList<TransparencyLogEntry> TlogEntries { get; init; } = [];

    /// <summary>Set for a message signature: the SHA-256 digest that was signed.</summary>
    public byte[]? MessageDigest { get; init; }

    /// <summary>Set for a message signature: the DER ECDSA signature over <see cref="MessageDigest"/>.</summary>
    public byte[]? MessageSignature { get; init; }

    /// <summary>Set for an attestation.</summary>
    public DsseEnvelope? Envelope { get; init; }

    public bool IsMessageSignature => MessageSignature is not null;

    /// <summary>The signature bytes, whichever kind of content this bundle has.</summary>
    public byte[] Signature => MessageSignature ?? Envelope?.Signature ?? [];

    public string ContentKind => IsMessageSignature ? BundleMediaTypes.MessageSignatureContent : BundleMediaTypes.DsseEnvelopeContent;
}
