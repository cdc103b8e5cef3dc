using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// The <c>Location</c> of a blob upload session. Registries answer with relative paths (distribution behind a
/// proxy, Harbor) or absolute URLs on another host (storage front-ends), and the query carries opaque session
/// state (<c>_state</c>) that must come back untouched.
/// </summary>
internal static class UploadLocation
{
    /// <summary>The Location of <paramref name="response"/> made absolute against the URL that was requested.</summary>
    public static Uri From(HttpResponseMessage response, string registry)
    {
        // The raw header: a parsed relative "/v2/..." can turn into a file:// URI on Unix.
        string? location = response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.FirstOrDefault() : null;
        Uri? requestUri = response.RequestMessage?.RequestUri;
        if (string.IsNullOrWhiteSpace(location) || requestUri is null)
        {
            throw RegistryErrors.Protocol(registry, $"answered {(int)response.StatusCode} to an upload request without a Location header.");
        }
        return Resolve(requestUri, location.Trim())
            ?? throw RegistryErrors.Protocol(registry, $"sent an upload Location that is not a URL: '{RegistryErrors.Snippet(location)}'.");
    }

    public static Uri? Resolve(Uri requestUri, string location)
    {
        if (!location.StartsWith('/') &&
            Uri.TryCreate(location, UriKind.Absolute, out var absolute) &&
            absolute.Scheme is "http" or "https")
        {
            return absolute;
        }
        return Uri.TryCreate(requestUri, location, out var relative) ? relative : null;
    }

    /// <summary>Adds <c>digest=</c> to the session URL, keeping its query (and its escaping) as it is.</summary>
    public static Uri WithDigest(Uri location, Digest digest)
    {
        string url = location.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        char? separator = url.Contains('?') ? (url.EndsWith('?') || url.EndsWith('&') ? null : '&') : '?';
        return new Uri($"{url}{separator}digest={Uri.EscapeDataString(digest.ToString())}");
    }
}
