namespace Modelcar.Signing.Referrers;

/// <summary>An in-toto statement (canonical JSON) to sign as a DSSE envelope, and its predicate type for the referrer's annotation.</summary>
public sealed record StatementToSign(string PredicateType, byte[] Json);
