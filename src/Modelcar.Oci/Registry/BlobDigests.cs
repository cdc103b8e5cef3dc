using System.Security.Cryptography;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Digest checks on what a registry returns. Foreign base images may be addressed by sha512, so the algorithm
/// follows the digest asked for rather than assuming sha256.
/// </summary>
internal static class BlobDigests
{
    public static HashAlgorithmName HashAlgorithm(Digest digest) =>
        digest.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    public static Digest Compute(string algorithm, ReadOnlySpan<byte> content) =>
        FromHash(algorithm, algorithm == "sha512" ? SHA512.HashData(content) : SHA256.HashData(content));

    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(hash)}");

    public static ModelcarException Mismatch(string registry, Digest expected, Digest actual) =>
        new(ErrorCodes.BlobVerificationFailed,
            $"The registry '{registry}' returned content for {expected} whose digest is {actual}. The registry or a proxy in between altered the data; try again, and report it to the registry's operator if it persists.");
}
