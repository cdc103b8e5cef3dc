using System.Security.Cryptography;

namespace Modelcar.Signing.Keys;

/// <summary>Public-key helpers: the PEM a verifier is given, and the hint a keyed bundle names its key by.</summary>
public static class PublicKeys
{
    public static string ToPem(ECDsa key) => PemEncoding.WriteString("PUBLIC KEY", key.ExportSubjectPublicKeyInfo());

    /// <summary>The hex SHA-256 of the key's SubjectPublicKeyInfo: the bundle's publicKey.hint.</summary>
    public static string Hint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>Reads a verification key: a PEM public key, or a PEM private key whose public half is taken.</summary>
    public static ECDsa LoadVerificationKey(string path, string projectDirectory)
    {
        string fullPath = Path.GetFullPath(Path.Combine(projectDirectory, path));
        string pem;
        try
        {
            pem = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"ModelcarVerifyKey '{path}' cannot be read ({e.GetType().Name}). Give the path of the signer's PEM public key.");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"ModelcarVerifyKey '{path}' holds no ECDSA public key in PEM ('-----BEGIN PUBLIC KEY-----'). Give the public half of the signing key.");
        }
    }
}
