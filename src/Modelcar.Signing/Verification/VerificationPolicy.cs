using System.Security.Cryptography;

namespace Modelcar.Signing.Verification;

/// <summary>
/// What a signature must satisfy: made by this public key (keyed), or by a Fulcio certificate chaining to the trusted
/// root, logged in one of its Rekor logs, for this identity (exact SAN) and OIDC issuer (keyless).
/// </summary>
public sealed record VerificationPolicy(ECDsa? PublicKey, string? Identity, string? Issuer, TrustedRoot? TrustedRoot);
