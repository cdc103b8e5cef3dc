using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>
/// A token service per the distribution token spec, for the docker-registry that eng/test-env/auth-registries-up.sh
/// runs with <c>auth: token</c>. It is ours because no token service ships as a Debian or npm package here; the
/// registry is real and verifies each JWT (signature against its rootcertbundle, issuer, audience, expiry, access).
/// GET with Basic (user/password) and POST with an OAuth2 <c>refresh_token</c> grant, as ACR answers identity tokens.
/// One instance per test process, on the realm's fixed port; behaviour is set per repository so parallel test
/// classes do not interfere.
/// </summary>
internal sealed class TokenService : IAsyncDisposable
{
    /// <summary>The identity (refresh) token this service accepts in a <c>refresh_token</c> grant.</summary>
    public const string RefreshToken = "modelcar-test-refresh-token-5b1e";

    /// <summary>docker-registry accepts a token up to 60 s past its <c>exp</c> (clock-skew leeway).</summary>
    private static readonly TimeSpan RegistryLeeway = TimeSpan.FromSeconds(60);

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static TokenService? s_instance;

    private readonly WebApplication _app;
    private readonly RSA _key;
    private readonly string _certificate;
    private readonly ConcurrentDictionary<string, TimeSpan> _lifetimes = new();
    private readonly ConcurrentDictionary<string, bool> _pullOnly = new();
    private readonly ConcurrentQueue<IssuedToken> _issued = new();

    private TokenService(WebApplication app, RSA key, string certificate)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
    }

    /// <summary>A token handed out; <paramref name="ExpiresAt"/> is when the registry stops accepting it (exp plus its leeway).</summary>
    public sealed record IssuedToken(string Grant, string Scope, DateTimeOffset ExpiresAt);

    /// <summary>Every token issued, with how it was asked for (<c>basic</c>, <c>refresh_token</c>, <c>anonymous</c>).</summary>
    public IReadOnlyList<IssuedToken> Issued => _issued.ToArray();

    public static async Task<TokenService> StartAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            return s_instance ??= await CreateAsync();
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>
    /// Tokens for <paramref name="repository"/> are valid for <paramref name="lifetime"/> at the registry, while the
    /// answer still says <c>expires_in: 300</c>: the client cannot see the expiry coming, as with a revoked token or a
    /// skewed clock, so only a 401 mid-push can tell it.
    /// </summary>
    public void SetRealLifetime(string repository, TimeSpan lifetime) => _lifetimes[repository] = lifetime;

    /// <summary>
    /// The account may only pull <paramref name="repository"/>: tokens grant "pull" whatever else is asked, as a token
    /// service does for a read-only user or a robot account without push rights (the spec lets it grant a subset).
    /// </summary>
    public void SetPullOnly(string repository) => _pullOnly[repository] = true;

    private static async Task<TokenService> CreateAsync()
    {
        var url = new Uri(TestEnvironment.TokenServiceUrl);
        var key = RSA.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(TestEnvironment.TokenSigningKey));
        string certificate = Convert.ToBase64String(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(TestEnvironment.TokenSigningCert)).RawData);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{url.Authority}");
        var app = builder.Build();
        var service = new TokenService(app, key, certificate);
        app.MapGet(url.AbsolutePath, (Delegate)service.HandleGet);
        app.MapPost(url.AbsolutePath, (Delegate)service.HandlePostAsync);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            TestEnvironment.Missing($"The test token service cannot listen on {url.Authority} ({e.Message}); is another test run using it?");
        }
        return service;
    }

    private IResult HandleGet(HttpContext context)
    {
        string[] scopes = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!).ToArray();
        string? header = context.Request.Headers.Authorization;
        if (header is null) return Issue("anonymous", "anonymous", [], "token");
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return Results.Unauthorized();
        string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        if (decoded != $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}") return Results.Unauthorized();
        return Issue("basic", TestEnvironment.AuthUser, scopes, "token");
    }

    private async Task<IResult> HandlePostAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "refresh_token" || form["refresh_token"] != RefreshToken) return Results.Unauthorized();
        string[] scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Issue("refresh_token", "acr-like-identity", scopes, "access_token");
    }

    private IResult Issue(string grant, string subject, string[] scopes, string field)
    {
        var now = DateTimeOffset.UtcNow;
        var access = scopes.Select(ParseScope).Where(a => a is not null)
            .Select(a => _pullOnly.ContainsKey(a!.Name) ? a with { Actions = a.Actions.Where(x => x == "pull").ToArray() } : a).ToArray();
        TimeSpan lifetime = access.Select(a => _lifetimes.TryGetValue(a!.Name, out var l) ? l : (TimeSpan?)null).Min() ?? TimeSpan.FromMinutes(6);
        var expires = now + lifetime;
        // The registry adds its leeway to exp, so a short real lifetime means an exp already in the past.
        var exp = expires - RegistryLeeway;
        string jwt = Sign(new Dictionary<string, object>
        {
            ["iss"] = TestEnvironment.TokenIssuer,
            ["sub"] = subject,
            ["aud"] = TestEnvironment.TokenServiceName,
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["nbf"] = Min(now.AddSeconds(-5), exp.AddSeconds(-1)).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            // An anonymous caller gets a token that allows nothing, as Docker Hub's service answers for private repos.
            ["access"] = grant == "anonymous" ? Array.Empty<Access>() : access!,
        });
        _issued.Enqueue(new IssuedToken(grant, string.Join(' ', scopes), expires));
        return Results.Json(new Dictionary<string, object> { [field] = jwt, ["expires_in"] = 300, ["issued_at"] = now.ToString("O") });
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Access(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("actions")] string[] Actions);

    private static Access? ParseScope(string scope)
    {
        int first = scope.IndexOf(':');
        int last = scope.LastIndexOf(':');
        if (first < 0 || last <= first) return null;
        return new Access(scope[..first], scope[(first + 1)..last], scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    private string Sign(Dictionary<string, object> claims)
    {
        string header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new[] { _certificate } }));
        string payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        byte[] signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
