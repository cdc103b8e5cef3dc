using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Publishing.Properties;

namespace Modelcar.Publishing;

/// <summary>The manifest's OCI annotations: the title, and the version, source, revision, time and base when known.</summary>
internal static class ImageAnnotations
{
    public static Dictionary<string, string> For(PublishOptions options, ImageSettings settings, BaseImage baseImage)
    {
        ImageOptions image = options.Image;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OciAnnotations.Title] = settings.Repository.Split('/')[^1],
        };
        if (!string.IsNullOrWhiteSpace(image.Version)) annotations[OciAnnotations.Version] = image.Version.Trim();
        if (!string.IsNullOrWhiteSpace(options.RepositoryUrl)) annotations[OciAnnotations.Source] = options.RepositoryUrl.Trim();
        if (!string.IsNullOrWhiteSpace(options.SourceRevisionId)) annotations[OciAnnotations.Revision] = options.SourceRevisionId.Trim();
        if (SourceDateEpoch.TimeOrNull(image.SourceDateEpoch) is { } created) annotations[OciAnnotations.Created] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (baseImage.Reference is not null)
        {
            annotations[OciAnnotations.BaseName] = (baseImage.Reference with { Digest = null }).ToString();
            annotations[OciAnnotations.BaseDigest] = baseImage.ManifestDigest!.Value.ToString();
        }
        return annotations;
    }
}
