using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Keyless;
using Modelcar.Signing.Keys;

namespace Modelcar.Signing.Verification;

/// <summary>
/// Checks one Sigstore bundle against a <see cref="VerificationPolicy"/>. Every failure is MODELCAR097 with a message
/// that says which check failed (bad signature, another key, wrong identity or issuer, untrusted or expired
/// certificate, missing or forged Rekor entry).
/// </summary>
public sealed class BundleVerifier(VerificationPolicy policy)
{
    /// <summary>Verifies a message signature over <paramref name="sha256"/> (the manifest digest the verifier computed itself).</summary>
    public SignerIdentity VerifyDigest(SigstoreBundle bundle, byte[] sha256, string what)
    {
        if (!bundle.IsMessageSignature) Fail($"The bundle for {what} holds a DSSE envelope, not a signature over the manifest digest.");
        if (!CryptographicOperations.FixedTimeEquals(bundle.MessageDigest, sha256))
        {
            throw new ModelcarException(ErrorCodes.SignedContentMismatch,
                $"The signature for {what} was made over sha256:{Convert.ToHexStringLower(bundle.MessageDigest!)}, not over the image's manifest digest sha256:{Convert.ToHexStringLower(sha256)}. The image was changed after signing; do not deploy it.");
        }
        var (key, identity) = SigningKey(bundle, what);
        using (key)
        {
            if (!key.VerifyHash(sha256, bundle.MessageSignature!, DSASignatureFormat.Rfc3279DerSequence))
            {
                Fail($"The signature over {what} does not verify{(identity.Mode == SignerIdentity.KeyedMode ? " with ModelcarVerifyKey: it was made with another key, or changed" : " with its certificate's key")}.");
            }
        }
        CheckTransparencyLog(bundle, what, sha256);
        return identity;
    }

    /// <summary>Verifies a DSSE envelope; returns the signer. The payload is the caller's to check.</summary>
    public SignerIdentity VerifyEnvelope(SigstoreBundle bundle, string what)
    {
        var envelope = bundle.Envelope ?? throw Failure($"The bundle for {what} holds no DSSE envelope.");
        var (key, identity) = SigningKey(bundle, what);
        using (key)
        {
            if (!key.VerifyData(envelope.PreAuthenticationEncoding(), envelope.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                Fail($"The DSSE signature of {what} does not verify{(identity.Mode == SignerIdentity.KeyedMode ? " with ModelcarVerifyKey: it was made with another key, or the statement was changed" : " with its certificate's key: the statement was changed")}.");
            }
        }
        CheckTransparencyLog(bundle, what, null);
        return identity;
    }

    private (ECDsa Key, SignerIdentity Identity) SigningKey(SigstoreBundle bundle, string what)
    {
        if (bundle.Certificate is null)
        {
            if (policy.PublicKey is null)
            {
                Fail($"{Capitalize(what)} is signed with a key (hint {bundle.PublicKeyHint}), but no ModelcarVerifyKey was given. Set ModelcarVerifyKey to the signer's public key PEM.");
            }
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(policy.PublicKey!.ExportSubjectPublicKeyInfo(), out _);
            return (key, new SignerIdentity(SignerIdentity.KeyedMode, PublicKeys.Hint(key), null, null, null));
        }

        using var leaf = X509CertificateLoader.LoadCertificate(bundle.Certificate);
        if (policy.PublicKey is not null && policy.Identity is null)
        {
            Fail($"{Capitalize(what)} is signed keyless by {CertificateIdentity.SubjectAlternativeName(leaf)}, but ModelcarVerifyKey expects a signature by that key.");
        }
        var identity = new SignerIdentity(SignerIdentity.KeylessMode, null, null, CertificateIdentity.SubjectAlternativeName(leaf), CertificateIdentity.Issuer(leaf));
        CheckCertificate(leaf, bundle, what);
        if (policy.Identity is not null && !string.Equals(identity.Subject, policy.Identity, StringComparison.Ordinal))
        {
            Fail($"{Capitalize(what)} was signed by '{identity.Subject}', not by the expected identity '{policy.Identity}' (ModelcarVerifyIdentity).");
        }
        if (policy.Issuer is not null && !string.Equals(identity.Issuer, policy.Issuer, StringComparison.Ordinal))
        {
            Fail($"{Capitalize(what)} was signed with a token from issuer '{identity.Issuer}', not from the expected '{policy.Issuer}' (ModelcarVerifyIssuer).");
        }
        return (leaf.GetECDsaPublicKey() ?? throw Failure($"The certificate of {what} has no ECDSA key."), identity);
    }

    private void CheckCertificate(X509Certificate2 leaf, SigstoreBundle bundle, string what)
    {
        var root = policy.TrustedRoot ?? throw Failure(
            $"{Capitalize(what)} is signed keyless; checking its certificate needs ModelcarVerifyTrustedRoot (the Sigstore trusted_root.json of the Fulcio and Rekor that signed).");
        var entry = bundle.TlogEntries.FirstOrDefault(e => e.SignedEntryTimestamp is not null)
            ?? throw Failure($"The keyless signature of {what} has no Rekor entry with a signed timestamp, so when it was made cannot be proven.");
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
        if (signedAt < leaf.NotBefore.ToUniversalTime() || signedAt > leaf.NotAfter.ToUniversalTime())
        {
            Fail($"The certificate of {what} was not valid when the signature was logged ({signedAt:u}; the certificate is valid {leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u}): it was expired or not yet valid.");
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = signedAt.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        foreach (var ca in root.CertificateAuthorities)
        {
            if (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData)) chain.ChainPolicy.CustomTrustStore.Add(ca);
            else chain.ChainPolicy.ExtraStore.Add(ca);
        }
        if (!chain.Build(leaf))
        {
            string status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            Fail($"The certificate of {what} does not chain to a certificate authority of the trusted root ({status}). It was not issued by the Fulcio you trust.");
        }
    }

    private void CheckTransparencyLog(SigstoreBundle bundle, string what, byte[]? signedDigest)
    {
        if (bundle.Certificate is null && bundle.TlogEntries.Count == 0) return; // keyed, offline: the key is the trust
        var root = policy.TrustedRoot;
        foreach (var entry in bundle.TlogEntries)
        {
            if (root is null) return; // keyed with a log entry but no trusted root given: the key check stands alone
            if (!root.TransparencyLogs.TryGetValue(Convert.ToHexStringLower(entry.LogId), out var logKey))
            {
                Fail($"The Rekor entry of {what} is from a log (ID {Convert.ToHexStringLower(entry.LogId)}) that the trusted root does not list.");
            }
            if (entry.SignedEntryTimestamp is null
                || !logKey!.VerifyData(RekorClient.SignedEntryTimestampPayload(entry), entry.SignedEntryTimestamp, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                Fail($"The Rekor entry of {what} has no valid signed entry timestamp: the log did not promise to include it.");
            }
            if (!InclusionProofCheck.Verify(entry, logKey!))
            {
                Fail($"The Rekor entry of {what} has an inclusion proof that does not lead to the log's signed checkpoint.");
            }
            if (!TransparencyLogBody.Matches(entry, bundle, signedDigest))
            {
                Fail($"The Rekor entry of {what} logs another signature than the one in the bundle.");
            }
        }
    }

    private static void Fail(string message) => throw Failure(message);

    private static ModelcarException Failure(string message) => new(ErrorCodes.SignatureVerificationFailed, message);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
