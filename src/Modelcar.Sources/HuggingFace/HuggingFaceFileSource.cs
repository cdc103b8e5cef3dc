using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.HuggingFace;

/// <summary>
/// <c>hf://owner/model[:revision]</c> through the Hub's HTTP API: the revision is resolved to a commit once
/// (<c>/api/models/{repo}/revision/{rev}</c>), the files are listed at that commit with sizes and LFS sha256
/// (<c>/api/models/{repo}/tree/{commit}?recursive=true</c>), and each is read from
/// <c>{endpoint}/{repo}/resolve/{commit}/{path}</c>, which redirects LFS files to a CDN.
/// </summary>
public sealed class HuggingFaceFileSource(RemoteStoreContext context) : IRemoteFileSource, IDisposable
{
    public const string DefaultEndpoint = "https://huggingface.co";

    private readonly (HttpClient Client, SourceTls Tls) _http = RemoteHttp.CreateTrustingClient(context.ExtraTrustedRoots);
    private HttpClient _client => _http.Client;
    private SourceTls _tls => _http.Tls;

    public IReadOnlyCollection<string> Schemes { get; } = ["hf"];

    private string Endpoint => (context.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } endpoint ? endpoint.Trim() : DefaultEndpoint).TrimEnd('/');

    /// <summary>Read on every request and never stored in a listing, a message or a log line.</summary>
    private string? Token =>
        context.GetEnvironmentVariable("HF_TOKEN") is { Length: > 0 } token ? token.Trim()
        : context.GetEnvironmentVariable("HUGGING_FACE_HUB_TOKEN") is { Length: > 0 } legacy ? legacy.Trim()
        : null;

    public async Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        HuggingFaceUri uri = HuggingFaceUri.Parse(spec.Uri);
        var patterns = new FnmatchPatterns(spec.Get("AllowPatterns"), spec.Get("IgnorePatterns"));
        string api = $"{Endpoint}/api/models/{uri.Repository}";

        RevisionInfo revision = await GetJsonAsync<RevisionInfo>($"{api}/revision/{Uri.EscapeDataString(uri.Revision)}", uri, "the revision", cancellationToken);
        string commit = revision.Sha ?? throw new ModelcarException(ErrorCodes.SourceDownloadFailed,
            $"The Hugging Face Hub at '{Endpoint}' did not say which commit '{uri.Revision}' of '{uri.Repository}' is. Check HF_ENDPOINT.");
        context.Log.Detail($"{uri}: revision '{uri.Revision}' is commit {commit}.");

        var files = new List<RemoteFile>();
        string? next = $"{api}/tree/{commit}?recursive=true";
        while (next is not null)
        {
            (TreeEntry[] page, next) = await GetTreePageAsync(next, uri, cancellationToken);
            foreach (TreeEntry entry in page.Where(e => e.Type == "file" && patterns.Keeps(e.Path)))
            {
                // LFS files carry their content's sha256; a small git-stored file is identified by its blob id.
                files.Add(new RemoteFile(entry.Path, entry.Lfs?.Size ?? entry.Size, entry.Lfs?.Oid, entry.Lfs?.Oid ?? entry.Oid, $"hf://{uri.Repository}/{entry.Path}"));
            }
        }
        if (files.Count == 0 && !patterns.IsEmpty)
        {
            throw new ModelcarException(ErrorCodes.SourceMatchedNothing,
                $"No file of '{uri}' matches AllowPatterns '{spec.Get("AllowPatterns")}' / IgnorePatterns '{spec.Get("IgnorePatterns")}'. Patterns are fnmatch patterns on the repo path, separated by ';', e.g. '*.safetensors;*.json'.");
        }
        return new RemoteListing($"hf://{uri.Repository}:{uri.Revision}", commit, files);
    }

    public async Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken)
    {
        HuggingFaceUri uri = HuggingFaceUri.Parse(listing.DisplayUri);
        string path = string.Join('/', file.RelativePath.Split('/').Select(Uri.EscapeDataString));
        HttpRequestMessage request = Request($"{Endpoint}/{uri.Repository}/resolve/{listing.Revision}/{path}");
        return await RemoteHttp.OpenRangeAsync(_client, request, offset, r => HubErrors.From(r, uri, Token is not null, $"the file '{file.RelativePath}'"), cancellationToken, _tls);
    }

    public void Dispose() => _client.Dispose();

    private HttpRequestMessage Request(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (Token is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<(TreeEntry[] Page, string? Next)> GetTreePageAsync(string url, HuggingFaceUri uri, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(url, uri, "the file list", cancellationToken);
        TreeEntry[] page = await ReadJsonAsync<TreeEntry[]>(response, url, cancellationToken);
        return (page, NextLink(response));
    }

    private async Task<T> GetJsonAsync<T>(string url, HuggingFaceUri uri, string what, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(url, uri, what, cancellationToken);
        return await ReadJsonAsync<T>(response, url, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string url, HuggingFaceUri uri, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(Request(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw _tls.Explain(e, new Uri(url), Endpoint) ?? new ModelcarException(ErrorCodes.SourceDownloadFailed,
                $"Cannot reach the Hugging Face Hub at '{Endpoint}' for '{uri}': {e.Message} Check the network, or HF_ENDPOINT for a mirror.", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            Exception failure = HubErrors.From(response, uri, Token is not null, what);
            throw failure is ModelcarException ? failure
                : new ModelcarException(ErrorCodes.SourceDownloadFailed, $"The Hugging Face Hub failed to give {what} of '{uri}' ({failure.Message}). Build again later.", failure);
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string url, CancellationToken cancellationToken)
    {
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(body, cancellationToken: cancellationToken)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new ModelcarException(ErrorCodes.SourceDownloadFailed,
                $"The Hugging Face Hub answered '{url.Split('?')[0]}' with JSON this SDK cannot read ({e.Message}). Check HF_ENDPOINT.", e);
        }
    }

    /// <summary>The tree API pages its answer with a <c>Link: &lt;url&gt;; rel="next"</c> header.</summary>
    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out IEnumerable<string>? values)) return null;
        foreach (string link in values.SelectMany(v => v.Split(',')))
        {
            string[] parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts.Skip(1).Any(p => p.Replace(" ", "") is "rel=\"next\"" or "rel=next"))
            {
                string target = parts[0].Trim('<', '>', ' ');
                return target;
            }
        }
        return null;
    }

    private sealed record RevisionInfo([property: JsonPropertyName("sha")] string? Sha);

    private sealed record TreeEntry(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("oid")] string Oid,
        [property: JsonPropertyName("lfs")] LfsInfo? Lfs);

    private sealed record LfsInfo(
        [property: JsonPropertyName("oid")] string Oid,
        [property: JsonPropertyName("size")] long Size);
}
