namespace Modelcar.Signing;

/// <summary>
/// Who signed, as image.json and the admission policy name it: a key (by its hint and public PEM) or a keyless
/// identity (the certificate's subject alternative name and the OIDC issuer).
/// </summary>
public sealed record SignerIdentity(string Mode, string? PublicKeyHint, string? PublicKeyPem, string? Subject, string? Issuer)
{
    public const string KeyedMode = "key";
    public const string KeylessMode = "keyless";

    public override string ToString() => Mode == KeyedMode ? $"key {PublicKeyHint}" : $"{Subject} (issuer {Issuer})";
}
