using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Modelcar.Sources.Remote;

/// <summary>HTTP plumbing the https and Hugging Face stores share: one client, ranged GETs, secret-free URLs.</summary>
internal static class RemoteHttp
{
    /// <summary>
    /// Follows redirects (a CDN, a renamed repository). .NET drops the Authorization header on every redirect,
    /// so a token never reaches the host a redirect points to, and it refuses https→http redirects.
    /// </summary>
    /// <summary>A client that trusts the system's CAs and <paramref name="extraRoots"/>, with the TLS policy that explains its refusals.</summary>
    public static (HttpClient Client, SourceTls Tls) CreateTrustingClient(System.Security.Cryptography.X509Certificates.X509Certificate2Collection? extraRoots)
    {
        var tls = new SourceTls(extraRoots);
        return (CreateClient(tls), tls);
    }

    /// <param name="tls">Which certificates are trusted (system and ModelcarCaBundle), and what was refused; null: the system's only.</param>
    public static HttpClient CreateClient(SourceTls? tls = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        tls?.Configure(handler);
        return new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("Modelcar.Sdk", "1.0") } },
        };
    }

    /// <summary>The URL without user info or query (a signed URL's signature is a secret).</summary>
    public static string Display(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.AbsoluteUri;

    /// <summary>
    /// A GET from <paramref name="offset"/>: a Range request, or, from a server that ignores Range and answers
    /// 200, the full body with the first <paramref name="offset"/> bytes skipped.
    /// </summary>
    public static async Task<Stream> OpenRangeAsync(HttpClient client, HttpRequestMessage request, long offset, Func<HttpResponseMessage, Exception> failure, CancellationToken cancellationToken, SourceTls? tls = null)
    {
        if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (tls?.Explain(e, request.RequestUri!, Display(request.RequestUri!)) is { } untrusted)
        {
            throw untrusted; // not worth a retry: the next attempt meets the same certificate
        }
        if (!response.IsSuccessStatusCode)
        {
            using (response) throw failure(response);
        }
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            await SkipAsync(body, offset, cancellationToken);
        }
        return body;
    }

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[81920];
        while (count > 0)
        {
            int read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0) throw new IOException("the server closed the connection before the resume point");
            count -= read;
        }
    }

    /// <summary>A server error is worth a retry (the download loop resumes); a 4xx is not.</summary>
    public static Exception StatusFailure(HttpResponseMessage response, string what, string displayUri)
    {
        if (RedirectDowngrade.Check(response, displayUri) is { } downgrade) return downgrade;
        int status = (int)response.StatusCode;
        return status switch
        {
            >= 500 or 408 or 429 => new HttpRequestException($"{what} answered {status} {response.ReasonPhrase}", null, response.StatusCode),
            401 or 403 => new ModelcarException(ErrorCodes.SourceAccessDenied,
                $"'{displayUri}' refused access ({status} {response.ReasonPhrase}) to {what}. Give credentials for it (for https://, AuthorizationEnv metadata naming an environment variable that holds the Authorization header)."),
            404 or 410 => new ModelcarException(ErrorCodes.SourceNotFound,
                $"'{displayUri}' has no {what} ({status} {response.ReasonPhrase}). Check the URI."),
            _ => new ModelcarException(ErrorCodes.SourceDownloadFailed,
                $"'{displayUri}' answered {status} {response.ReasonPhrase} for {what}."),
        };
    }
}
