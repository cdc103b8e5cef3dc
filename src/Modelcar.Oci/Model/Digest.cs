using System.Security.Cryptography;

namespace Modelcar.Oci.Model;

/// <summary>
/// A content digest as the OCI image spec defines it (<c>algorithm:encoded</c>). Only sha256 is produced;
/// sha512 is accepted when reading so that foreign images still parse.
/// </summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    /// <summary>The lower-case hex part after the colon.</summary>
    public string Encoded { get; }

    public override string ToString() => $"{Algorithm}:{Encoded}";

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash) =>
        new("sha256", Convert.ToHexStringLower(hash));

    public static Digest ComputeSha256(ReadOnlySpan<byte> content) =>
        FromSha256Hash(SHA256.HashData(content));

    public static Digest Parse(string value)
    {
        if (!TryParse(value, out var digest))
        {
            throw new ModelcarException(ErrorCodes.InvalidDigest,
                $"'{value}' is not a valid digest. Expected 'sha256:' followed by 64 lower-case hex characters.");
        }
        return digest;
    }

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(value)) return false;
        int colon = value.IndexOf(':');
        if (colon <= 0) return false;
        string algorithm = value[..colon];
        string encoded = value[(colon + 1)..];
        int expectedLength = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (expectedLength < 0 || encoded.Length != expectedLength) return false;
        foreach (char c in encoded)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        digest = new Digest(algorithm, encoded);
        return true;
    }
}
