using Modelcar.Oci.Model;

namespace Modelcar.Oci.Referrers;

/// <summary>
/// The distribution spec's referrers tag schema: on a registry without the referrers API, the referrers of
/// <c>sha256:abc…</c> are listed by an image index tagged <c>sha256-abc…</c>: the algorithm (cut to 32 characters), a dash, the
/// encoded part (cut to 64), with any character a tag may not hold replaced by '-'.
/// </summary>
public static class ReferrersTag
{
    public static string For(Digest subject)
    {
        string tag = $"{subject.Algorithm[..Math.Min(32, subject.Algorithm.Length)]}-{subject.Encoded[..Math.Min(64, subject.Encoded.Length)]}";
        return new string([.. tag.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-')]);
    }
}
