using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Modelcar.Testing.Fakes;

/// <summary>
/// A plain static-file HTTP server on 127.0.0.1 (Kestrel with ASP.NET Core's own Range and ETag handling):
/// files by path, redirects, an optional required Authorization value, and one-shot dropped connections.
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Path → where it redirects (302).</summary>
    public ConcurrentDictionary<string, string> Redirects { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every file request must carry exactly this Authorization header, else 401.</summary>
    public string? RequiredAuthorization { get; set; }

    public ConcurrentDictionary<string, long> DropOnceAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Path → bytes after which every GET of it ends early (from the requested range's start): a link that never holds.</summary>
    public ConcurrentDictionary<string, long> DropAlwaysAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request as "METHOD path [Range] [auth]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    private LoopbackFileServer(WebApplication app) => _app = app;

    /// <param name="certificate">Serve https with this certificate (and its key); null: plain http.</param>
    public static async Task<LoopbackFileServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(certificate is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0");
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        builder.Logging.ClearProviders();
        var server = new LoopbackFileServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        server.BaseUrl = server._app.Urls.First();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        string range = context.Request.Headers.Range.ToString();
        bool hasAuth = context.Request.Headers.Authorization.Count > 0;
        Requests.Enqueue($"{context.Request.Method} {path}{(range.Length > 0 ? " " + range : "")}{(hasAuth ? " auth" : "")}");
        if (Redirects.TryGetValue(path, out string? target))
        {
            context.Response.Redirect(target);
            return;
        }
        if (RequiredAuthorization is not null && context.Request.Headers.Authorization.ToString() != RequiredAuthorization)
        {
            context.Response.StatusCode = 401;
            return;
        }
        if (!Files.TryGetValue(path, out byte[]? content))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (context.Request.Method == "GET" && DropOnceAfter.TryRemove(path, out long cut))
        {
            // The body ends early (chunked, so the client sees a clean end after 'cut' bytes): a transfer cut
            // mid-file. An aborted socket would be less deterministic: a reset can discard bytes the client had.
            await context.Response.Body.WriteAsync(content.AsMemory(0, (int)cut));
            return;
        }
        if (context.Request.Method == "GET" && DropAlwaysAfter.TryGetValue(path, out long always))
        {
            await WriteCutRangeAsync(context, content, always);
            return;
        }
        await Results.Bytes(content, "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{content.Length}-{content.Sum(b => b)}\""), enableRangeProcessing: true).ExecuteAsync(context);
    }

    /// <summary>Answers the requested range (206, as a resuming client expects) but ends the body after <paramref name="cut"/> bytes.</summary>
    private static async Task WriteCutRangeAsync(HttpContext context, byte[] content, long cut)
    {
        long start = 0;
        string range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')) start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        if (start > 0)
        {
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        await context.Response.Body.WriteAsync(content.AsMemory((int)start, (int)Math.Min(cut, content.Length - start)));
    }

    public int Count(string contains) => Requests.Count(r => r.Contains(contains, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
