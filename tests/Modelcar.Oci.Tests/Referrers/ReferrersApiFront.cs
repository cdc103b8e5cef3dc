using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modelcar.Oci.Tests.Referrers;

/// <summary>
/// A registry WITH the distribution-spec 1.1 referrers API, for the tests of that path: a Kestrel front on
/// 127.0.0.1 that relays every request to the test environment's docker-registry (which stores everything) and adds
/// what 2.8 lacks, as the spec says: a manifest PUT with a <c>subject</c> is answered with <c>OCI-Subject</c>, and
/// <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> answers an image index of those manifests (artifactType, or
/// else the config's media type; their annotations; <c>?artifactType=</c> filtering with <c>OCI-Filters-Applied</c>).
/// It is ours because no registry with the referrers API installs here (Debian has docker-registry 2.8 only; zot
/// and distribution 3 are not packaged for Debian or npm).
/// </summary>
internal sealed class ReferrersApiFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<(string Repository, string Subject), ConcurrentDictionary<string, JsonObject>> _referrers = new();

    private ReferrersApiFront(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary><c>127.0.0.1:port</c>, for a <c>RegistryClient</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The referrers listings served, for a test to see the API was asked.</summary>
    public int ListingsServed;

    public static async Task<ReferrersApiFront> StartAsync(string upstreamRegistry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var front = new ReferrersApiFront(app, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{upstreamRegistry}/") });
        app.Run(front.HandleAsync);
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        front.Address = new Uri(url).Authority;
        return front;
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /v2/<name…>/referrers/<digest>
        if (context.Request.Method == "GET" && parts.Length >= 4 && parts[0] == "v2" && parts[^2] == "referrers")
        {
            await ListAsync(context, string.Join('/', parts[1..^2]), parts[^1]);
            return;
        }
        byte[] body = [];
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/') + context.Request.QueryString);
        foreach (var header in context.Request.Headers)
        {
            if (header.Key is "Host" or "Content-Length" or "Content-Type" or "Transfer-Encoding") continue;
            request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value!);
        }
        if (body.Length > 0 || context.Request.Method is "PUT" or "PATCH" or "POST")
        {
            request.Content = new ByteArrayContent(body);
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        using HttpResponseMessage response = await _upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is "Transfer-Encoding") continue;
            // Upload locations point at the front, so every request of a push comes through it.
            string[] values = header.Key == "Location"
                ? [.. header.Value.Select(v => v.Replace(_upstream.BaseAddress!.Authority, Address, StringComparison.Ordinal))]
                : [.. header.Value];
            context.Response.Headers[header.Key] = values;
        }
        if (context.Request.Method == "PUT" && parts.Length >= 4 && parts[^2] == "manifests" && response.IsSuccessStatusCode
            && Subject(body) is { } subject)
        {
            Record(string.Join('/', parts[1..^2]), subject, body);
            context.Response.Headers["OCI-Subject"] = subject;
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static string? Subject(byte[] manifest)
    {
        try
        {
            return JsonNode.Parse(manifest)?["subject"]?["digest"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void Record(string repository, string subject, byte[] manifest)
    {
        JsonNode document = JsonNode.Parse(manifest)!;
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
        var entry = new JsonObject
        {
            ["mediaType"] = (string?)document["mediaType"] ?? "application/vnd.oci.image.manifest.v1+json",
            ["digest"] = digest,
            ["size"] = manifest.Length,
            ["artifactType"] = (string?)document["artifactType"] ?? (string?)document["config"]?["mediaType"],
        };
        if (document["annotations"] is JsonObject annotations) entry["annotations"] = annotations.DeepClone();
        _referrers.GetOrAdd((repository, subject), _ => new ConcurrentDictionary<string, JsonObject>())[digest] = entry;
    }

    private async Task ListAsync(HttpContext context, string repository, string subject)
    {
        Interlocked.Increment(ref ListingsServed);
        string? filter = context.Request.Query["artifactType"];
        var entries = _referrers.TryGetValue((repository, subject), out var known) ? known.Values.ToList() : [];
        if (filter is not null)
        {
            entries = [.. entries.Where(e => (string?)e["artifactType"] == filter)];
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray([.. entries.Select(e => (JsonNode)e.DeepClone())]),
        };
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
        await context.Response.WriteAsync(index.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
