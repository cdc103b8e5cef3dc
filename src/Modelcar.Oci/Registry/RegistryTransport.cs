using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Everything between "this request" and "this response": the scheme (https, or http for an allowed insecure
/// registry), authentication with one retry after a challenge, redirects, and mapping of transport failures.
/// <see cref="SendAsync"/> takes a request factory because an HttpRequestMessage cannot be sent twice; it is
/// the single place a retry policy will wrap.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const int MaxRedirects = 10;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _schemeLock = new(1, 1);
    private readonly bool _insecureAllowed;
    private readonly IOciLog _log;
    private Uri? _baseUri;

    public RegistryTransport(string registry, RegistryClientOptions options)
    {
        Registry = registry;
        ApiHost = registry is ImageReference.DockerHub or "index.docker.io" ? "registry-1.docker.io" : registry;
        _insecureAllowed = InsecureRegistryPolicy.IsInsecureAllowed(registry, options.InsecureRegistries);
        _log = options.Log;
        _http = options.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(CreateHandler(ApiHost, _insecureAllowed), disposeHandler: true);
        // Layers are gigabytes; a whole-request timeout would cut them off. Stalls are caught by the connect
        // timeout and, later, by the retry policy.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Modelcar.Sdk", typeof(RegistryTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
        _auth = new RegistryAuthenticator(registry, _http, options.Credentials, _log);
    }

    /// <summary>The registry as the user wrote it; used in every message.</summary>
    public string Registry { get; }

    /// <summary>The host the API answers on (Docker Hub's is not docker.io).</summary>
    public string ApiHost { get; }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes from the registry's base URL (<c>scheme://host/</c>).
    /// Returns any response except 401, which is answered once and then becomes RegistryUnauthorized.
    /// The caller owns the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> build, string scope, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        Uri baseUri = await GetBaseUriAsync(ct).ConfigureAwait(false);
        for (int attempt = 0; ; attempt++)
        {
            var request = build(baseUri);
            request.Headers.Authorization = await _auth.GetAuthorizationAsync(scope, ct).ConfigureAwait(false);
            var response = await SendFollowingRedirectsAsync(request, completion, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

            bool retry = attempt == 0 && await _auth.AcceptChallengeAsync(response, scope).ConfigureAwait(false);
            string what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            response.Dispose();
            request.Dispose();
            if (!retry)
            {
                throw RegistryErrors.Unauthorized(Registry, await _auth.HasCredentialsAsync().ConfigureAwait(false), $"{what} answered 401");
            }
            _log.Detail($"'{Registry}' asked for authentication on {what}; retrying with credentials for '{scope}'.");
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        var current = request;
        for (int hop = 0; ; hop++)
        {
            var response = await SendOnceAsync(current, completion, ct).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || hop >= MaxRedirects ||
                (current.Method != HttpMethod.Get && current.Method != HttpMethod.Head) ||
                !response.Headers.NonValidated.TryGetValues("Location", out var values) ||
                UploadLocation.Resolve(current.RequestUri!, values.FirstOrDefault() ?? "") is not { } next)
            {
                return response;
            }

            // Blob downloads redirect to object storage with a signed URL: the registry's credentials must not go
            // to another origin (storage would reject them, and they would leak).
            var follow = new HttpRequestMessage(current.Method, next);
            foreach (var header in current.Headers)
            {
                if (header.Key != "Authorization") follow.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            if (SameOrigin(current.RequestUri!, next)) follow.Headers.Authorization = current.Headers.Authorization;
            _log.Detail($"Following a {(int)response.StatusCode} redirect to {next.Scheme}://{next.Authority}.");
            response.Dispose();
            current = follow;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (RegistryErrors.IsTlsFailure(e) && !_insecureAllowed &&
                                             string.Equals(request.RequestUri?.Authority, new Uri($"https://{ApiHost}").Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryErrors.InsecureNotAllowed(Registry, e);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Unreachable(Registry, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw RegistryErrors.Unreachable(Registry, e);
        }
    }

    /// <summary>
    /// https unless the registry is an allowed insecure one that does not speak TLS. Decided once per client with
    /// a ping of <c>/v2/</c>, because trying https on every request would double the round trips to a local registry.
    /// </summary>
    private async Task<Uri> GetBaseUriAsync(CancellationToken ct)
    {
        if (_baseUri is { } known) return known;
        var https = new Uri($"https://{ApiHost}/");
        if (!_insecureAllowed) return _baseUri = https;

        await _schemeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_baseUri is { } decided) return decided;
            try
            {
                using var probe = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(https, "v2/")), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                _baseUri = https;
            }
            catch (HttpRequestException e)
            {
                _log.Detail($"'{Registry}' did not answer over https ({e.Message}); using http because it is an allowed insecure registry.");
                _baseUri = new Uri($"http://{ApiHost}/");
            }
            return _baseUri;
        }
        finally
        {
            _schemeLock.Release();
        }
    }

    private static SocketsHttpHandler CreateHandler(string apiHost, bool insecureAllowed)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (insecureAllowed)
        {
            // "Insecure" also means a self-signed certificate, as for docker and the .NET SDK; but only for the
            // registry's own host, never for a token service or storage it redirects to.
            string host = InsecureRegistryPolicy.HostOf(apiHost).Trim('[', ']');
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == SslPolicyErrors.None ||
                (sender is SslStream stream && string.Equals(stream.TargetHostName.Trim('[', ']'), host, StringComparison.OrdinalIgnoreCase));
        }
        return handler;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.Authority, b.Authority, StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        _http.Dispose();
        _schemeLock.Dispose();
    }
}
