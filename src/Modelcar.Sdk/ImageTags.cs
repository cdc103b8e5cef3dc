using Modelcar.Oci.Model;
using NuGet.Versioning;

namespace Modelcar.Sdk;

/// <summary>The tags an image is published under, following the .NET SDK's ContainerImageTag(s) rules.</summary>
public static class ImageTags
{
    /// <summary>
    /// <c>ContainerImageTags</c> (';'-separated) wins over <c>ContainerImageTag</c>, which wins over the tag
    /// made from <c>Version</c>. With <paramref name="includeShortVersions"/>, a stable 1.2.3 also tags 1.2 and 1.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string? tags, string? tag, string? version, bool includeShortVersions)
    {
        List<string> result;
        if (!string.IsNullOrWhiteSpace(tags))
        {
            result = tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }
        else if (!string.IsNullOrWhiteSpace(tag))
        {
            result = [tag.Trim()];
        }
        else
        {
            result = FromVersion(version, includeShortVersions);
        }
        foreach (string t in result) ImageReference.ValidateTag(t);
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> FromVersion(string? version, bool includeShortVersions)
    {
        string text = string.IsNullOrWhiteSpace(version) ? "1.0.0" : version.Trim();
        if (!NuGetVersion.TryParse(text, out NuGetVersion? parsed))
        {
            throw new ModelcarException(ErrorCodes.InvalidVersion,
                $"Version '{text}' is not a semantic version, so no image tag can be made from it. Set Version to something like '1.2.0', or set ContainerImageTag explicitly.");
        }
        // Build metadata ('+abc') has no place in a tag: '+' is not a tag character.
        var tags = new List<string> { parsed.ToNormalizedString() };
        if (includeShortVersions && !parsed.IsPrerelease)
        {
            tags.Add($"{parsed.Major}.{parsed.Minor}");
            tags.Add($"{parsed.Major}");
        }
        return tags;
    }
}
