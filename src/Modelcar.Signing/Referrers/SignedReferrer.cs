using Modelcar.Signing.Bundle;

namespace Modelcar.Signing.Referrers;

/// <summary>A bundle made at publish, for image.json and the log: what it signs and who signed it.</summary>
public sealed record SignedReferrer(string Content, string? PredicateType, SigstoreBundle Bundle, SignerIdentity Signer);
