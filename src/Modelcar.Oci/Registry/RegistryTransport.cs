using System.Net;
using System.Net.Http.Headers;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Registry.Tls;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Everything between "this request" and "this response": the scheme (https, or http for an allowed insecure
/// registry), authentication with one retry after a challenge, redirects, and mapping of transport failures.
/// <see cref="SendAsync"/> takes a request factory because an HttpRequestMessage cannot be sent twice; it is
/// the single place the retry policy (<see cref="Retry"/>) wraps.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _schemeLock = new(1, 1);
    private readonly bool _insecureAllowed;
    private readonly IModelcarLog _log;
    private readonly RetryOptions _retry;
    private Uri? _baseUri;

    public RegistryTransport(string registry, RegistryClientOptions options)
    {
        Registry = registry;
        ApiHost = registry is ImageReference.DockerHub or "index.docker.io" ? "registry-1.docker.io" : registry;
        _insecureAllowed = InsecureRegistryPolicy.IsInsecureAllowed(registry, options.InsecureRegistries);
        _log = options.Log;
        _retry = options.Retry.Validated();
        _http = options.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(RegistryHttpHandler.Create(registry, options.InsecureRegistries, options.ExtraTrustedRoots), disposeHandler: true);
        // Layers are gigabytes; a whole-request timeout would cut them off (the .NET SDK's fixed cap does). Stalls are
        // caught by the connect timeout and by the per-request no-progress watchdog, then retried.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Modelcar.Sdk", typeof(RegistryTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
        _auth = new RegistryAuthenticator(registry, _http, options.Credentials, _log, _retry.NoProgressTimeout);
    }

    /// <summary>The registry as the user wrote it; used in every message.</summary>
    public string Registry { get; }

    /// <summary>The host the API answers on (Docker Hub's is not docker.io).</summary>
    public string ApiHost { get; }

    /// <summary>The retry settings every request of this client follows; <see cref="BlobUpload"/> shares them.</summary>
    public RetryOptions Retry => _retry;

    /// <summary>A fresh retry allowance for one operation.</summary>
    public RetryBudget NewBudget() => new(_retry, _log, Registry);

    /// <summary>
    /// Sends the request <paramref name="build"/> makes from the registry's base URL (<c>scheme://host/</c>).
    /// A 401 is answered once (a new token for the scope, which is also how an expired token is refreshed in the
    /// middle of a push) and then becomes RegistryUnauthorized. When <paramref name="idempotent"/>, transient
    /// failures (connection reset or refused, a stall, 408, 429, 5xx) are retried with backoff until the budget is
    /// spent, and then thrown with the count. A request that is not idempotent (an upload chunk, whose bytes the
    /// registry may have half taken) is sent once: its caller knows how to resume it. The caller owns the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> build, string scope, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, bool idempotent = true)
    {
        RetryBudget budget = idempotent ? NewBudget() : new RetryBudget(RetryOptions.None, _log, Registry);
        Uri baseUri = await GetBaseUriAsync(budget, ct).ConfigureAwait(false);
        bool challenged = false;
        while (true)
        {
            var request = build(baseUri);
            string what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            HttpResponseMessage response;
            try
            {
                // Inside the retry: a token service that stalls is as transient as the registry stalling.
                request.Headers.Authorization = await _auth.GetAuthorizationAsync(scope, ct).ConfigureAwait(false);
                response = await SendFollowingRedirectsAsync(request, completion, ct).ConfigureAwait(false);
            }
            catch (ModelcarException e) when (TransientFailure.Reason(e) is { } reason)
            {
                request.Dispose();
                if (await budget.WaitAsync(what, reason, null, ct).ConfigureAwait(false)) continue;
                throw budget.Retries == 0 ? e : new ModelcarException(e.Code, e.Message + budget.Summary, e.InnerException);
            }

            // Authentication, scope and transience need no body: the status and headers decide them, and the body
            // stays for the caller.
            var failure = RegistryFailure.FromHead(response);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                bool retry = !challenged && await _auth.AcceptChallengeAsync(response, scope).ConfigureAwait(false);
                response.Dispose();
                request.Dispose();
                if (!retry)
                {
                    var credentials = await _auth.DescribeCredentialsAsync().ConfigureAwait(false);
                    throw failure.Kind == RegistryFailureKind.InsufficientScope && credentials.HasCredential
                        ? RegistryErrors.InsufficientScope(Registry, credentials, scope, $"{what} answered 401")
                        : RegistryErrors.Unauthorized(Registry, credentials, $"{what} answered 401");
                }
                challenged = true;
                _log.Detail($"'{Registry}' asked for authentication on {what}; retrying with credentials for '{scope}'.");
                continue;
            }

            // Some registries say "insufficient_scope" with 403 rather than 401: the same refusal, the same message.
            if (failure.Kind == RegistryFailureKind.InsufficientScope &&
                await _auth.DescribeCredentialsAsync().ConfigureAwait(false) is { HasCredential: true } granted)
            {
                response.Dispose();
                request.Dispose();
                throw RegistryErrors.InsufficientScope(Registry, granted, scope, $"{what} answered 403");
            }

            if (idempotent && failure.TransientReason is { } status)
            {
                if (await budget.WaitAsync(what, status, failure.RetryAfter, ct).ConfigureAwait(false))
                {
                    response.Dispose();
                    request.Dispose();
                    continue;
                }
                if (budget.Retries > 0)
                {
                    using (response)
                    {
                        var error = await RegistryErrors.FromResponseAsync(response, Registry, what, ct).ConfigureAwait(false);
                        throw new ModelcarException(error.Code, error.Message + budget.Summary, error.InnerException);
                    }
                }
            }
            return response;
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

    /// <summary>
    /// One request on the wire, under a no-progress watchdog instead of a whole-request timeout: the body re-arms
    /// it as it goes out, so only a stall aborts the request (as a transient <see cref="NoProgressException"/>).
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        using var watchdog = new ProgressWatchdog(_retry.NoProgressTimeout, ct);
        if (request.Content is { } content && content is not WatchedContent)
        {
            request.Content = new WatchedContent(content, watchdog);
        }
        try
        {
            return await _http.SendAsync(request, completion, watchdog.Token).ConfigureAwait(false);
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
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && watchdog.Token.IsCancellationRequested)
        {
            throw RegistryErrors.Unreachable(Registry, new NoProgressException(watchdog.Timeout));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw RegistryErrors.Unreachable(Registry, e);
        }
    }

    /// <summary>
    /// The base URL, retried within <paramref name="budget"/> like any request: the ping that decides it can meet a
    /// port that accepts the connection and never answers.
    /// </summary>
    private async Task<Uri> GetBaseUriAsync(RetryBudget budget, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await GetBaseUriAsync(ct).ConfigureAwait(false);
            }
            catch (ModelcarException e) when (TransientFailure.Reason(e) is { } reason)
            {
                if (await budget.WaitAsync("GET /v2/", reason, null, ct).ConfigureAwait(false)) continue;
                throw budget.Retries == 0 ? e : new ModelcarException(e.Code, e.Message + budget.Summary, e.InnerException);
            }
        }
    }

    /// <summary>
    /// https unless the registry is an allowed insecure one that does not speak TLS. Decided once per client with
    /// a ping of <c>/v2/</c>, because trying https on every request would double the round trips to a local registry.
    /// The ping is under the no-progress watchdog too: a server that says nothing is unreachable (and retried), not a
    /// reason to fall back to http, because a plain-http server answers a TLS hello at once.
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
            using var watchdog = new ProgressWatchdog(_retry.NoProgressTimeout, ct);
            try
            {
                using var probe = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(https, "v2/")), HttpCompletionOption.ResponseHeadersRead, watchdog.Token).ConfigureAwait(false);
                _baseUri = https;
            }
            catch (HttpRequestException e) when (!IsStall(e))
            {
                _log.Detail($"'{Registry}' did not answer over https ({e.Message}); using http because it is an allowed insecure registry.");
                _baseUri = new Uri($"http://{ApiHost}/");
            }
            catch (HttpRequestException e)
            {
                throw RegistryErrors.Unreachable(Registry, e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                // The watchdog, or the handler's connect timeout (which covers the TLS handshake).
                throw RegistryErrors.Unreachable(Registry, watchdog.Token.IsCancellationRequested ? new NoProgressException(watchdog.Timeout) : e);
            }
            return _baseUri;
        }
        finally
        {
            _schemeLock.Release();
        }
    }

    // A connect timeout: the port took the connection (or nothing answered) and the TLS hello got no reply.
    private static bool IsStall(HttpRequestException e) => e.InnerException is TimeoutException or OperationCanceledException;

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
