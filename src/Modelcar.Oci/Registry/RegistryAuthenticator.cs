using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Answers a registry's auth challenges per the distribution token spec. After the first challenge it authorizes
/// requests up front, so that each new scope costs one token request rather than a 401 round trip.
/// </summary>
/// <param name="noProgressTimeout">How long a token request may wait for an answer (the client's no-progress bound).</param>
internal sealed class RegistryAuthenticator(string registry, HttpClient http, ICredentialProvider credentials, IModelcarLog log, TimeSpan noProgressTimeout)
{
    private readonly TokenCache _tokens = new();
    private readonly Lazy<Task<RegistryCredential?>> _credential = new(() => credentials.GetAsync(registry, CancellationToken.None));
    private volatile AuthChallenge? _challenge;

    /// <summary>What a message may say about the credentials in use: their source and user, never the secret.</summary>
    public async Task<CredentialAdvice> DescribeCredentialsAsync()
    {
        var origin = credentials as Credentials.ICredentialOrigin;
        var role = origin?.Role ?? Credentials.RegistryRole.Push;
        var credential = await _credential.Value.ConfigureAwait(false);
        return credential is null
            ? CredentialAdvice.Anonymous(role)
            : new CredentialAdvice(role, true, origin?.SourceOf(registry), credential.Username);
    }

    /// <summary>The Authorization for a request on <paramref name="scope"/>, or null while no challenge was seen.</summary>
    public async Task<AuthenticationHeaderValue?> GetAuthorizationAsync(string scope, CancellationToken ct)
    {
        var challenge = _challenge;
        if (challenge is null) return null;
        if (challenge.IsBasic)
        {
            var credential = await _credential.Value.WaitAsync(ct).ConfigureAwait(false);
            return credential is { HasPassword: true } ? Basic(credential) : null;
        }
        if (scope.Length == 0) return null;
        if (!_tokens.TryGet(scope, out string token))
        {
            token = await FetchTokenAsync(challenge, scope, ct).ConfigureAwait(false);
        }
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// Records the challenge of a 401 so that the retry carries an answer to it. False when there is nothing the
    /// retry could do differently (an unknown scheme, Basic without credentials).
    /// </summary>
    public async Task<bool> AcceptChallengeAsync(HttpResponseMessage response, string scope)
    {
        IEnumerable<string> values = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var raw) ? raw : [];
        var challenge = AuthChallenge.Select(values);
        if (challenge is null) return false;
        _tokens.Remove(scope);
        _challenge = challenge;
        if (challenge.IsBasic) return await _credential.Value.ConfigureAwait(false) is { HasPassword: true };
        return challenge.IsBearer && !string.IsNullOrEmpty(challenge.Realm);
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, string scope, CancellationToken ct)
    {
        var credential = await _credential.Value.WaitAsync(ct).ConfigureAwait(false);
        string[] scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw RegistryErrors.Protocol(registry, $"sent a Bearer challenge whose realm is not a URL: '{RegistryErrors.Snippet(challenge.Realm ?? "")}'.");
        }

        EnsureRealmIsSafeFor(realm, credential);

        using var request = credential?.IdentityToken is { } refreshToken
            ? OAuthRequest(realm, challenge.Service, scopes, refreshToken)
            : TokenRequest(realm, challenge.Service, scopes, credential);
        log.Detail($"Requesting a token for '{scope}' from {realm.GetLeftPart(UriPartial.Path)}.");

        HttpResponseMessage response;
        // A token answer is small: the whole request is bounded by the no-progress timeout, so a silent token service
        // becomes a transient, retried error instead of a hang.
        using var watchdog = new Retry.ProgressWatchdog(noProgressTimeout, ct);
        try
        {
            response = await http.SendAsync(request, watchdog.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Unreachable(registry, e, $"its token service '{realm.Authority}'");
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw RegistryErrors.Unreachable(registry, watchdog.Token.IsCancellationRequested ? new Retry.NoProgressException(watchdog.Timeout) : e,
                $"its token service '{realm.Authority}'");
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw RegistryErrors.Unauthorized(registry, await DescribeCredentialsAsync().ConfigureAwait(false), $"the token service refused access to '{scope}' with {(int)response.StatusCode}");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw await RegistryErrors.FromResponseAsync(response, registry, $"a token request for '{scope}'", ct).ConfigureAwait(false);
            }
            byte[] body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var (token, lifetime) = ParseToken(body)
                ?? throw RegistryErrors.Protocol(registry, "token service answered without a token.");
            _tokens.Set(scope, token, lifetime);
            return token;
        }
    }

    /// <summary>
    /// A password or refresh token goes to the realm; over plain http anyone on the path could read it. Allowed only
    /// where plain http is allowed for a registry (loopback, DOTNET_CONTAINER_INSECURE_REGISTRIES): no silent downgrade.
    /// </summary>
    private void EnsureRealmIsSafeFor(Uri realm, RegistryCredential? credential)
    {
        if (realm.Scheme != Uri.UriSchemeHttp || credential is null) return;
        if (InsecureRegistryPolicy.IsInsecureAllowed(realm.Authority, InsecureRegistryPolicy.FromEnvironment())) return;
        throw new ModelcarException(ErrorCodes.InsecureRegistryNotAllowed,
            $"The registry '{registry}' sends clients to the token service '{realm.Authority}' over plain http, which would expose the credentials. If that service is trusted, add '{realm.Authority}' to the {InsecureRegistryPolicy.EnvironmentVariable} environment variable; better, serve it over https.");
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, string[] scopes, RegistryCredential? credential)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        if (service is not null) Append(query, "service", service);
        foreach (string s in scopes) Append(query, "scope", s);
        if (credential is { HasPassword: true }) Append(query, "account", credential.Username!);
        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString() }.Uri);
        if (credential is { HasPassword: true }) request.Headers.Authorization = Basic(credential);
        return request;
    }

    // An identity token is an OAuth2 refresh token: it is exchanged by POST, never sent as a password.
    private static HttpRequestMessage OAuthRequest(Uri realm, string? service, string[] scopes, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", "modelcar-sdk"),
            new("scope", string.Join(' ', scopes)),
        };
        if (service is not null) form.Add(new("service", service));
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static (string Token, TimeSpan? Lifetime)? ParseToken(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(token) && root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String) token = a.GetString();
            if (string.IsNullOrEmpty(token)) return null;
            TimeSpan? lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out int seconds) ? TimeSpan.FromSeconds(seconds) : null;
            return (token, lifetime);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AuthenticationHeaderValue Basic(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0) query.Append('&');
        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
