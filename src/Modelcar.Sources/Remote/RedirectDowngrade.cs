using System.Net.Http;

namespace Modelcar.Sources.Remote;

/// <summary>
/// .NET follows redirects but never from https to http: it hands back the 3xx answer instead. Without this
/// check that answer read as "the server answered 302", which hid that the SDK refused a downgrade on purpose.
/// </summary>
internal static class RedirectDowngrade
{
    /// <summary>The error for an https request redirected to http, or null for any other answer.</summary>
    public static ModelcarException? Check(HttpResponseMessage response, string displayUri)
    {
        int status = (int)response.StatusCode;
        if (status is < 300 or > 399) return null;
        Uri? from = response.RequestMessage?.RequestUri;
        Uri? location = response.Headers.Location;
        if (from is null || location is null || from.Scheme != Uri.UriSchemeHttps) return null;
        Uri target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (target.Scheme != Uri.UriSchemeHttp) return null;
        return new ModelcarException(ErrorCodes.SourceDownloadFailed,
            $"'{displayUri}' redirected ({status}) from https to plain http ('{RemoteHttp.Display(target)}'); the SDK refused to follow this downgrade, because anyone on the network could alter or read what comes over http. Ask the server's operator to redirect to https, or use the final https URL.");
    }
}
