using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Keyless;

/// <summary>
/// Finds the OIDC identity token for keyless signing: first the environment variable named by
/// <c>ModelcarSigningIdentityTokenVariable</c> (default SIGSTORE_ID_TOKEN, as cosign reads; an Azure Pipelines
/// workload identity token goes there), else GitHub Actions' token service (ACTIONS_ID_TOKEN_REQUEST_URL and
/// ACTIONS_ID_TOKEN_REQUEST_TOKEN, present when the job has <c>permissions: id-token: write</c>), asked for
/// audience 'sigstore'.
/// </summary>
public sealed class OidcTokenSource(HttpClient http, Func<string, string?>? environment = null)
{
    public const string DefaultTokenVariable = "SIGSTORE_ID_TOKEN";
    public const string Audience = "sigstore";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public async Task<OidcToken> GetTokenAsync(string? tokenVariable, CancellationToken cancellationToken)
    {
        string variable = string.IsNullOrEmpty(tokenVariable) ? DefaultTokenVariable : tokenVariable;
        string? direct = _environment(variable);
        if (!string.IsNullOrWhiteSpace(direct))
        {
            return OidcToken.Parse(direct, $"the environment variable {variable}");
        }

        string? requestUrl = _environment("ACTIONS_ID_TOKEN_REQUEST_URL");
        string? requestToken = _environment("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (!string.IsNullOrEmpty(requestUrl) && !string.IsNullOrEmpty(requestToken))
        {
            return OidcToken.Parse(await FromGitHubActionsAsync(requestUrl, requestToken, cancellationToken), "GitHub Actions");
        }

        throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
            $"Keyless signing needs an OIDC identity token, and there is none: the environment variable {variable} is empty and this is not a GitHub Actions job with an ID token. " +
            "In GitHub Actions give the job 'permissions: id-token: write'; elsewhere put the token (audience 'sigstore') in that variable, or set ModelcarSigningKey to sign with a key.");
    }

    private async Task<string> FromGitHubActionsAsync(string requestUrl, string requestToken, CancellationToken cancellationToken)
    {
        string url = requestUrl + (requestUrl.Contains('?') ? "&" : "?") + "audience=" + Audience;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                    $"GitHub Actions' ID token service answered {(int)response.StatusCode} {response.ReasonPhrase}. Check that the job has 'permissions: id-token: write'.");
            }
            return JsonNode.Parse(body)?["value"]?.GetValue<string>()
                ?? throw new ModelcarException(ErrorCodes.KeylessSigningFailed, "GitHub Actions' ID token service answered without a 'value'. Check that the job has 'permissions: id-token: write'.");
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"GitHub Actions' ID token service could not be asked for a token ({e.GetType().Name}: {e.Message}). Retry the job; if it persists, sign with ModelcarSigningKey.");
        }
    }
}
