using Modelcar.Oci.Model;

namespace Modelcar.KServe;

/// <summary>
/// The tag <c>latest</c> in a manifest. Kubernetes gives a container whose image tag is <c>latest</c> the pull
/// policy Always, even with a digest after it, so every pod start asks the registry again. The digest still pins the
/// bytes, so the pod is safe; but a human reading <c>:latest@sha256:…</c> is told "whatever is newest", which the
/// manifest is not. The writer therefore keeps another published tag in storageUri when there is one, and the build warns.
/// </summary>
public static class LatestTagCheck
{
    public const string Latest = "latest";

    /// <summary>A warning when <c>latest</c> is among the tags (or is the reference's tag); otherwise null.</summary>
    public static string? Warning(ImageReference image, IEnumerable<string> publishedTags)
    {
        ArgumentNullException.ThrowIfNull(image);
        bool latest = image.Tag == Latest || publishedTags.Contains(Latest, StringComparer.Ordinal);
        if (!latest) return null;
        return $"The image '{image.Repository}' is published with the tag 'latest'. Kubernetes pulls an image tagged 'latest' with " +
               "pull policy Always, so every pod start contacts the registry; the InferenceService pins the digest, so the pod still gets " +
               "exactly this build, but 'latest' tells people reading the manifest and the registry that it follows the newest build, which it " +
               "does not. Publish under a version tag (ContainerImageTag, or leave it unset to tag from Version) instead.";
    }

    /// <summary>
    /// The reference to write: the same digest with the first published tag that is not <c>latest</c>, when the
    /// reference's own tag is <c>latest</c> and another exists; otherwise the reference unchanged.
    /// </summary>
    public static ImageReference PreferVersionTag(ImageReference image, IEnumerable<string> publishedTags)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Tag != Latest) return image;
        string? other = publishedTags.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t) && t != Latest);
        return other is null ? image : image with { Tag = other };
    }
}
