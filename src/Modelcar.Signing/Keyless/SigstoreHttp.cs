using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Keyless;

/// <summary>One JSON POST to Fulcio or Rekor, with every failure turned into MODELCAR096 naming the service and URL.</summary>
internal static class SigstoreHttp
{
    public static async Task<JsonNode> PostJsonAsync(HttpClient http, Uri url, JsonNode body, string service,
        string? bearerToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            string text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The answer may quote what it was sent; the token is never echoed into the log.
                string detail = Scrub(text, bearerToken);
                throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                    $"{service} at {url} refused the request: {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? $" ({detail})" : "")}. " +
                    $"Check the {service} URL property and that {service} trusts the token's issuer.");
            }
            return JsonNode.Parse(text) ?? throw new System.Text.Json.JsonException("empty answer");
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"{service} at {url} could not be reached or answered nonsense ({e.GetType().Name}: {Scrub(e.Message, bearerToken)}). Check the {service} URL property and the network.");
        }
    }

    private static string Scrub(string text, string? secret)
    {
        text = text.Trim();
        if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
