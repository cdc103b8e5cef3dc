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

    /// <summary>
    /// Like <see cref="From"/>, for registries that bend the spec: with no Location, a <c>Docker-Upload-UUID</c> names
    /// the session (its URL is then the spec's <c>/v2/&lt;name&gt;/blobs/uploads/&lt;uuid&gt;</c>); with neither, a
    /// chunk answer keeps the session's previous URL.
    /// </summary>
    public static Uri FromUploadResponse(HttpResponseMessage response, string registry, string repository, Uri? previous)
    {
        bool hasLocation = response.Headers.NonValidated.TryGetValues("Location", out var values) && !string.IsNullOrWhiteSpace(values.FirstOrDefault());
        if (hasLocation || response.RequestMessage?.RequestUri is null) return From(response, registry);
        if (response.Headers.NonValidated.TryGetValues("Docker-Upload-UUID", out var ids) && ids.FirstOrDefault()?.Trim() is { Length: > 0 } id)
        {
            return new Uri(response.RequestMessage.RequestUri, $"/v2/{repository}/blobs/uploads/{Uri.EscapeDataString(id)}");
        }
        return previous ?? From(response, registry);
    }

    /// <summary>
    /// The bytes a registry holds, from a <c>Range: 0-&lt;last&gt;</c> answer (some registries write <c>bytes=0-…</c>).
    /// Null when there is no usable header. "0-0" is read as nothing received: the distribution registry writes it
    /// for an empty session too, and a wrong guess is caught by the registry's own range check.
    /// </summary>
    public static long? ReceivedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Range", out var values)) return null;
        string range = (values.FirstOrDefault() ?? "").Trim();
        if (range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) range = range[6..];
        int dash = range.IndexOf('-');
        if (dash <= 0 || !long.TryParse(range[..dash], out long first) || first != 0 ||
            !long.TryParse(range[(dash + 1)..], out long last) || last < 0)
        {
            return null;
        }
        return last == 0 ? 0 : last + 1;
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
