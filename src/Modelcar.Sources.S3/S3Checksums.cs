using Amazon.S3;

namespace Modelcar.Sources.S3;

/// <summary>Reads the SHA-256 an S3 object carries, when it is one of the whole object.</summary>
internal static class S3Checksums
{
    /// <summary>
    /// Lower-case hex of <paramref name="base64"/>, or null when the object has none or it is a composite checksum
    /// of a multipart upload (a checksum of the parts' checksums, shown with a "-N" suffix): that is not the
    /// sha256 of the file and cannot verify it.
    /// </summary>
    public static string? FullObjectSha256(string? base64, ChecksumType? type)
    {
        if (string.IsNullOrEmpty(base64) || base64.Contains('-')) return null;
        if (type is not null && type != ChecksumType.FULL_OBJECT) return null;
        Span<byte> bytes = stackalloc byte[32];
        return Convert.TryFromBase64String(base64, bytes, out int written) && written == 32
            ? Convert.ToHexStringLower(bytes)
            : null;
    }
}
