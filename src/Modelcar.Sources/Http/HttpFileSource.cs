using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Http;

/// <summary>
/// <c>https://host/path/file</c> (and <c>http://</c> with <c>AllowHttp="true"</c>): one file. <c>Sha256</c> metadata
/// pins its content; <c>AuthorizationEnv</c> names the environment variable holding the Authorization header.
/// Azure Blob URLs are left to the Azure store.
/// </summary>
public sealed partial class HttpFileSource(RemoteStoreContext context) : IRemoteFileSource, IDisposable
{
    private readonly (HttpClient Client, SourceTls Tls) _http = RemoteHttp.CreateTrustingClient(context.ExtraTrustedRoots);
    private HttpClient _client => _http.Client;
    private SourceTls _tls => _http.Tls;

    /// <summary>The URL to open and the Authorization value, by display URL; held in memory only, never logged.</summary>
    private readonly ConcurrentDictionary<string, (Uri Uri, string? Authorization)> _targets = new();

    public IReadOnlyCollection<string> Schemes { get; } = ["https", "http"];

    public bool CanRead(ModelSourceSpec spec) =>
        !(Uri.TryCreate(spec.Uri, UriKind.Absolute, out Uri? uri) && uri.Host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase));

    public async Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        Uri uri = ParseUri(spec);
        string display = RemoteHttp.Display(uri);
        string? sha256 = Sha256Of(spec, display);
        string? authorization = AuthorizationOf(spec, display);
        string name = Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        if (name.Length == 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The ModelSource '{display}' names no file (its path is empty). Give the URL of the file itself, e.g. https://example.com/models/model.onnx.");
        }

        using HttpResponseMessage response = await HeadAsync(uri, authorization, cancellationToken);
        if (!response.IsSuccessStatusCode) throw RemoteHttp.StatusFailure(response, "the file", display);
        long size = response.Content.Headers.ContentLength
            ?? throw new ModelcarException(ErrorCodes.SourceDownloadFailed,
                $"'{display}' does not say how big the file is (no Content-Length), which the image's layer plan needs. Serve it with a Content-Length.");
        if (sha256 is null)
        {
            context.Log.Warning(ErrorCodes.SourceChecksumMissing,
                $"The ModelSource '{display}' has no Sha256 metadata, so a changed file goes unnoticed until its digest changes. The sha256 computed on download is recorded in image.json; copy it into Sha256 to pin the file.");
        }
        string version = sha256
            ?? response.Headers.ETag?.Tag
            ?? response.Content.Headers.LastModified?.ToString("R")
            ?? "size:" + size;
        var file = new RemoteFile(name, size, sha256, version, display);
        return new RemoteListing(display, null, [file]);
    }

    public async Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken)
    {
        // The listing holds no secret: the full URL (with any signed query) and the header stay in this instance.
        (Uri uri, string? authorization) = _targets.TryGetValue(file.Location, out var target) ? target : (new Uri(file.Location), null);
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await RemoteHttp.OpenRangeAsync(_client, request, offset, r => RemoteHttp.StatusFailure(r, "the file", listing.DisplayUri), cancellationToken, _tls);
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> HeadAsync(Uri uri, string? authorization, CancellationToken cancellationToken)
    {
        _targets[RemoteHttp.Display(uri)] = (uri, authorization);
        HttpResponseMessage response = await SendAsync(HttpMethod.Head, uri, authorization, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)) return response;
        // A server that does not answer HEAD: a GET whose body is never read gives the same headers.
        response.Dispose();
        return await SendAsync(HttpMethod.Get, uri, authorization, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string? authorization, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw _tls.Explain(e, uri, RemoteHttp.Display(uri)) ?? new ModelcarException(ErrorCodes.SourceDownloadFailed,
                $"Cannot reach '{RemoteHttp.Display(uri)}': {e.Message} Check the URL and the network.", e);
        }
    }

    private static Uri ParseUri(ModelSourceSpec spec)
    {
        if (!Uri.TryCreate(spec.Uri, UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource, $"The ModelSource '{spec.Uri}' is not a valid URL.");
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !spec.IsTrue("AllowHttp"))
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The ModelSource '{RemoteHttp.Display(uri)}' uses plain http, which anyone on the network can alter. Use https://, or add AllowHttp=\"true\" to the item if the server is trusted (and pin the file with Sha256).");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The ModelSource '{RemoteHttp.Display(uri)}' has a user name or password in its URL, which would end up in logs. Put the Authorization header in an environment variable and name it in AuthorizationEnv metadata.");
        }
        return uri;
    }

    private static string? Sha256Of(ModelSourceSpec spec, string display)
    {
        string? value = spec.Get("Sha256");
        if (value is null) return null;
        if (value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)) value = value["sha256:".Length..];
        if (!Sha256Pattern().IsMatch(value))
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The Sha256 metadata '{value}' of ModelSource '{display}' is not a sha256 digest. Give 64 hex characters, e.g. the output of 'sha256sum <file>'.");
        }
        return value.ToLowerInvariant();
    }

    private string? AuthorizationOf(ModelSourceSpec spec, string display)
    {
        string? variable = spec.Get("AuthorizationEnv");
        if (variable is null) return null;
        string? value = context.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The ModelSource '{display}' takes its Authorization header from the environment variable '{variable}' (AuthorizationEnv), which is not set. Set it to the header's value, e.g. 'Bearer <token>'.");
        }
        return value.Trim();
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
