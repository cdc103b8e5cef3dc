using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Modelcar.Testing.Fakes;

/// <summary>
/// A FAKE Hugging Face Hub on 127.0.0.1, hand-made because the real Hub cannot run here (no network, no
/// server distribution). It follows the Hub's documented HTTP API as huggingface_hub uses it:
/// <c>GET /api/models/{repo}/revision/{rev}</c> (the commit in <c>sha</c>), <c>GET /api/models/{repo}/tree/{commit}?recursive=true</c>
/// (entries with <c>type</c>, <c>path</c>, <c>size</c>, <c>oid</c> and, for LFS files, <c>lfs.oid</c> = sha256; paged
/// with a <c>Link: &lt;…&gt;; rel="next"</c> header), and <c>GET /{repo}/resolve/{rev}/{path}</c> (small files served
/// directly with an ETag; LFS files answered with a 302 to a CDN URL, with <c>X-Linked-Etag</c>), Range requests, and
/// errors as 401/403/404 with <c>X-Error-Code</c> (RepoNotFound, GatedRepo, RevisionNotFound, EntryNotFound) and
/// <c>X-Error-Message</c>. Private repos answer RepoNotFound without a token, as the Hub does.
/// </summary>
public sealed class FakeHuggingFaceHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeRepo> _repos = new(StringComparer.Ordinal);

    /// <summary>Every request as "METHOD path?query [Range] [auth]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The token private and gated repos accept.</summary>
    public const string ValidToken = "hf_fake_token_0123456789";

    /// <summary>Tree entries per page, to exercise the Link header paging.</summary>
    public int TreePageSize { get; set; } = 2;

    /// <summary>Downloads of these paths are cut (connection aborted) after this many bytes, once each.</summary>
    public ConcurrentDictionary<string, long> DropOnceAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose CDN bytes differ from what the tree's sha256 says (a corrupted transfer).</summary>
    public ConcurrentDictionary<string, bool> Corrupt { get; } = new(StringComparer.Ordinal);

    private FakeHuggingFaceHub(WebApplication app)
    {
        _app = app;
    }

    public string Endpoint { get; private set; } = "";

    /// <param name="certificate">Serve https with this certificate (a mirror behind a company CA); null: plain http.</param>
    public static async Task<FakeHuggingFaceHub> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(certificate is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0");
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        builder.Logging.ClearProviders();
        var hub = new FakeHuggingFaceHub(builder.Build());
        hub.MapRoutes();
        await hub._app.StartAsync();
        hub.Endpoint = hub._app.Urls.First();
        return hub;
    }

    public FakeRepo AddRepo(string id, bool gated = false, bool isPrivate = false) =>
        _repos[id] = new FakeRepo(id, gated, isPrivate);

    public int CountRequests(string contains) => Requests.Count(r => r.Contains(contains, StringComparison.Ordinal));

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            string range = context.Request.Headers.Range.ToString();
            string auth = context.Request.Headers.Authorization.Count > 0 ? " auth" : "";
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}{(range.Length > 0 ? " " + range : "")}{auth}");
            await next(context);
        });
        _app.MapGet("/api/models/{owner}/{name}/revision/{*revision}", (HttpContext context, string owner, string name, string revision) =>
        {
            if (Check(context, $"{owner}/{name}", out FakeRepo? repo) is { } denied) return denied;
            if (!repo!.TryResolve(revision, out string commit)) return Error(404, "RevisionNotFound", $"Invalid rev id: {revision}");
            var siblings = repo.Commits[commit].Keys.Select(p => new { rfilename = p });
            return Results.Json(new { id = repo.Id, sha = commit, siblings });
        });
        _app.MapGet("/api/models/{owner}/{name}/tree/{commit}", (HttpContext context, string owner, string name, string commit, int? cursor) =>
        {
            if (Check(context, $"{owner}/{name}", out FakeRepo? repo) is { } denied) return denied;
            if (!repo!.Commits.TryGetValue(commit, out var files)) return Error(404, "RevisionNotFound", $"Invalid rev id: {commit}");
            List<object> entries = TreeEntries(files);
            int start = cursor ?? 0;
            List<object> page = entries.Skip(start).Take(TreePageSize).ToList();
            if (start + TreePageSize < entries.Count)
            {
                context.Response.Headers.Link = $"<{Endpoint}/api/models/{owner}/{name}/tree/{commit}?recursive=true&cursor={start + TreePageSize}>; rel=\"next\"";
            }
            return Results.Json(page);
        });
        _app.MapGet("/{owner}/{name}/resolve/{revision}/{**path}", (HttpContext context, string owner, string name, string revision, string path) =>
        {
            if (Check(context, $"{owner}/{name}", out FakeRepo? repo) is { } denied) return denied;
            if (!repo!.TryResolve(revision, out string commit)) return Error(404, "RevisionNotFound", $"Invalid rev id: {revision}");
            if (!repo.Commits[commit].TryGetValue(path, out FakeFile? file)) return Error(404, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
            context.Response.Headers["X-Repo-Commit"] = commit;
            if (file.IsLfs)
            {
                // Like the Hub: LFS content lives on a CDN the resolve URL redirects to (signed there, no token needed).
                context.Response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
                context.Response.Headers["X-Linked-Size"] = file.Content.Length.ToString();
                return Results.Redirect($"/cdn/{file.Sha256}?path={Uri.EscapeDataString(path)}");
            }
            return Serve(context, path, file.Content, $"\"{file.GitOid}\"");
        });
        _app.MapGet("/cdn/{sha256}", (HttpContext context, string sha256, string path) =>
        {
            FakeFile? file = _repos.Values.SelectMany(r => r.Commits.Values).SelectMany(c => c.Values).FirstOrDefault(f => f.Sha256 == sha256);
            if (file is null) return Results.NotFound();
            byte[] content = Corrupt.ContainsKey(path) ? file.Content.Select(b => (byte)(b ^ 0xFF)).ToArray() : file.Content;
            return Serve(context, path, content, $"\"{sha256}\"");
        });
    }

    private IResult Serve(HttpContext context, string path, byte[] content, string etag)
    {
        if (DropOnceAfter.TryRemove(path, out long cut))
        {
            return new DroppedConnection(content, cut);
        }
        return Results.Bytes(content, "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag), enableRangeProcessing: true);
    }

    private IResult? Check(HttpContext context, string id, out FakeRepo? repo)
    {
        string? auth = context.Request.Headers.Authorization.FirstOrDefault();
        bool authenticated = auth == "Bearer " + ValidToken;
        if (!_repos.TryGetValue(id, out repo) || (repo.IsPrivate && !authenticated))
        {
            return Error(authenticated ? 404 : 401, "RepoNotFound", "Repository not found");
        }
        if (repo.IsGated && !authenticated)
        {
            return Error(401, "GatedRepo", $"Access to model {id} is restricted. You must have access to it and be authenticated to access it. Please log in.");
        }
        return null;
    }

    private static List<object> TreeEntries(IReadOnlyDictionary<string, FakeFile> files)
    {
        var entries = new List<object>();
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in files.Keys)
        {
            string[] parts = path.Split('/');
            for (int i = 1; i < parts.Length; i++) folders.Add(string.Join('/', parts[..i]));
        }
        foreach (string folder in folders) entries.Add(new { type = "directory", oid = GitOid(Encoding.UTF8.GetBytes(folder)), size = 0, path = folder });
        foreach ((string path, FakeFile file) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            entries.Add(file.IsLfs
                ? new { type = "file", oid = file.GitOid, size = file.Content.Length, path, lfs = new { oid = file.Sha256, size = file.Content.Length, pointerSize = 134 } }
                : (object)new { type = "file", oid = file.GitOid, size = file.Content.Length, path });
        }
        return entries;
    }

    private static IResult Error(int status, string code, string message) => new HubError(status, code, message);

    internal static string GitOid(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class HubError(int status, string code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["X-Error-Code"] = code;
            context.Response.Headers["X-Error-Message"] = message;
            return context.Response.WriteAsJsonAsync(new { error = message });
        }
    }

    /// <summary>Sends only the first part of the body: a dropped transfer.</summary>
    private sealed class DroppedConnection(byte[] content, long cut) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = 200;
            // The body ends early (chunked, so the client sees a clean end after 'cut' bytes): a transfer cut
            // mid-file. An aborted socket would be less deterministic: a reset can discard bytes the client had.
            await context.Response.Body.WriteAsync(content.AsMemory(0, (int)cut));
        }
    }
}

/// <summary>A repository of the fake Hub: branches and tags pointing at commits, each commit a file set.</summary>
public sealed class FakeRepo(string id, bool gated, bool isPrivate)
{
    public string Id { get; } = id;
    public bool IsGated { get; } = gated;
    public bool IsPrivate { get; } = isPrivate;
    public Dictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, FakeFile>> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a commit with <paramref name="files"/> (path → content; LFS when at least 1 KiB or a .safetensors) and points <paramref name="branch"/> at it.</summary>
    public string Commit(string branch, IReadOnlyDictionary<string, byte[]> files)
    {
        string commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(branch + Commits.Count + string.Join(",", files.Keys))));
        Commits[commit] = files.ToDictionary(f => f.Key, f => new FakeFile(f.Value, f.Value.Length >= 1024 || f.Key.EndsWith(".safetensors", StringComparison.Ordinal)), StringComparer.Ordinal);
        Refs[branch] = commit;
        return commit;
    }

    public bool TryResolve(string revision, out string commit)
    {
        if (Refs.TryGetValue(revision, out commit!)) return true;
        commit = revision;
        return Commits.ContainsKey(revision);
    }
}

public sealed record FakeFile(byte[] Content, bool IsLfs)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));
    public string GitOid { get; } = FakeHuggingFaceHub.GitOid(Content);
}
