using System.Security.Authentication;
using System.Text;
using System.Text.Json;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Turns what went wrong on the wire into a <see cref="ModelcarException"/> the user can act on. Messages quote
/// the registry's own error codes and a short, cleaned snippet of the body; never headers, tokens or upload URLs.
/// </summary>
internal static class RegistryErrors
{
    private const int SnippetLength = 200;

    /// <summary>The error for an answer the caller did not expect; see <see cref="RegistryFailure.ToException"/>.</summary>
    public static async Task<ModelcarException> FromResponseAsync(HttpResponseMessage response, string registry, string action, CancellationToken ct) =>
        (await RegistryFailure.ReadAsync(response, ct).ConfigureAwait(false)).ToException(registry, action);

    /// <summary>A 401 that another try cannot fix: no credentials, or the ones from <paramref name="credentials"/> are wrong.</summary>
    public static ModelcarException Unauthorized(string registry, CredentialAdvice credentials, string? detail = null)
    {
        string what = detail is null ? "" : $" ({detail})";
        return new ModelcarException(ErrorCodes.RegistryUnauthorized, !credentials.HasCredential
            ? $"The registry '{registry}' requires authentication{what}. {credentials.HowToLogIn(registry)}."
            : $"The registry '{registry}' rejected {credentials.Described}{what}. Check the user name and password or token there, or log in again. {credentials.HowToLogIn(registry)}.");
    }

    /// <summary>
    /// A 401 with <c>error="insufficient_scope"</c> after a fresh token: the registry knows the account (its token
    /// service issued a token) but the token does not grant what <paramref name="scope"/> asks, typically push for a
    /// pull-only user or a robot account without push rights. Not a wrong password, so not MODELCAR042.
    /// </summary>
    public static ModelcarException InsufficientScope(string registry, CredentialAdvice credentials, string scope, string detail)
    {
        var (repository, push) = RequestedAccess(scope);
        string verb = push ? "push to" : "pull from";
        string target = repository is null ? "this repository" : $"the repository '{repository}'";
        return new ModelcarException(ErrorCodes.RegistryDenied,
            $"The registry '{registry}' accepted {credentials.Described}, but the account may not {verb} {target} ({detail} with insufficient_scope). " +
            $"A pull-only account or a robot account without {(push ? "push" : "pull")} rights gets this: give the account {(push ? "push" : "pull")} rights to {target}, or use credentials that have them.");
    }

    // "repository:acme/model:pull,push repository:acme/base:pull" -> the first repository asked for push (else the first one).
    private static (string? Repository, bool Push) RequestedAccess(string scope)
    {
        (string? Repository, bool Push) first = (null, false);
        foreach (string entry in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int start = entry.IndexOf(':');
            int end = entry.LastIndexOf(':');
            if (start < 0 || end <= start || !entry.StartsWith("repository:", StringComparison.Ordinal)) continue;
            bool push = entry[(end + 1)..].Split(',').Contains("push");
            if (push) return (entry[(start + 1)..end], true);
            first.Repository ??= entry[(start + 1)..end];
        }
        return first;
    }

    public static ModelcarException Unreachable(string registry, Exception e, string? via = null) =>
        new(ErrorCodes.RegistryUnreachable,
            $"Cannot reach the registry '{registry}'{(via is null ? "" : $" ({via})")}: {Flatten(e)}. Check the registry name, the network and any proxy settings.", e);

    public static ModelcarException InsecureNotAllowed(string registry, Exception e) =>
        new(ErrorCodes.InsecureRegistryNotAllowed,
            $"Cannot establish a secure (https) connection to the registry '{registry}': {Flatten(e)}. If it is a trusted registry served over http or with a self-signed certificate, add '{registry}' to the {InsecureRegistryPolicy.EnvironmentVariable} environment variable.", e);

    public static ModelcarException Protocol(string registry, string message) =>
        new(ErrorCodes.RegistryProtocolError, $"The registry '{registry}' {message}");

    /// <summary>
    /// True when the TCP connection worked but TLS did not: the server speaks plain http or its certificate is
    /// not trusted. Injected handlers report it only through the inner AuthenticationException.
    /// </summary>
    public static bool IsTlsFailure(HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError) return true;
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException) return true;
        }
        return false;
    }

    /// <summary>
    /// Reads the distribution error document (<c>{"errors":[{"code","message"}]}</c>) into "CODE: message" text, or
    /// falls back to a snippet so that an HTML login page or a proxy error is recognisable in the message.
    /// </summary>
    public static (IReadOnlySet<string> Codes, string Detail) Describe(ReadOnlySpan<byte> body)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (body.IsEmpty) return (codes, "");
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var parts = new List<string>();
                foreach (var error in errors.EnumerateArray())
                {
                    string? code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.ToString() : null;
                    string? message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : null;
                    if (code is not null) codes.Add(code);
                    parts.Add(code is null ? message ?? "" : message is null ? code : $"{code}: {message}");
                }
                if (parts.Count > 0) return (codes, Snippet(string.Join("; ", parts)));
            }
        }
        catch (JsonException)
        {
        }
        return (codes, $"the answer is not a registry API response: '{Snippet(Encoding.UTF8.GetString(body))}'");
    }

    public static string Snippet(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, SnippetLength + 3));
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
            if (builder.Length >= SnippetLength)
            {
                builder.Append("...");
                break;
            }
        }
        return builder.ToString();
    }

    // The innermost message usually names the cause (refused, DNS, TLS); the outer ones give context.
    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message)) messages.Add(current.Message.TrimEnd('.'));
        }
        return string.Join(": ", messages);
    }
}
