using System.Collections.Frozen;
using System.Net;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry;

/// <summary>
/// A registry's answer that is not what the request wanted, read once: the status, the headers that change what to
/// do (<c>Retry-After</c>, the <c>WWW-Authenticate</c> error) and the codes of the distribution error document
/// (<c>{"errors":[{"code":…}]}</c>, OCI distribution spec "Error Codes"). <see cref="Kind"/> is what callers decide
/// on; <see cref="ToException"/> is what the user reads.
/// </summary>
internal sealed class RegistryFailure
{
    // OCI distribution spec error codes this client acts on.
    private const string DigestInvalid = "DIGEST_INVALID";
    private const string SizeInvalid = "SIZE_INVALID";
    // Not a spec code: ghcr.io's answer to a request body over its 4 MiB cap (with status 416).
    private const string RangeNotSatisfiableCode = "REQUESTED_RANGE_NOT_SATISFIABLE";

    private RegistryFailure(HttpResponseMessage response, IReadOnlySet<string> codes, string detail)
    {
        Status = response.StatusCode;
        ReasonPhrase = response.ReasonPhrase;
        ChallengeError = AuthChallenge.Select(response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var challenges) ? challenges : [])?.Error;
        RetryAfter = Retry.RetryAfter.From(response, DateTimeOffset.UtcNow);
        Codes = codes;
        Detail = detail;
        Kind = Classify(Status, ChallengeError, codes);
    }

    public HttpStatusCode Status { get; }

    public string? ReasonPhrase { get; }

    /// <summary>The <c>error</c> of the challenge a client would answer (<c>insufficient_scope</c>, <c>invalid_token</c>), if any.</summary>
    public string? ChallengeError { get; }

    /// <summary>How long the registry asked to wait, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The distribution error codes of the body (empty when it had none or was not read).</summary>
    public IReadOnlySet<string> Codes { get; }

    /// <summary>"CODE: message" of the body, or a cleaned snippet of it; for messages only.</summary>
    public string Detail { get; }

    public RegistryFailureKind Kind { get; }

    /// <summary>"503 Service Unavailable".</summary>
    public string StatusText => $"{(int)Status} {ReasonPhrase ?? Status.ToString()}";

    /// <summary>Why another try may pass, for the retry log; null unless <see cref="RegistryFailureKind.Transient"/>.</summary>
    public string? TransientReason => Kind != RegistryFailureKind.Transient ? null : (int)Status switch
    {
        408 => "408 Request Timeout",
        429 => "429 Too Many Requests",
        _ => StatusText,
    };

    /// <summary>
    /// The status line and headers only, the body left unread: enough for every decision that needs no body
    /// (authentication, scope, transient), which is why the transport can make them and still hand the body on.
    /// </summary>
    public static RegistryFailure FromHead(HttpResponseMessage response) => new(response, FrozenSet<string>.Empty, "");

    /// <summary>The whole answer, with the start of its body (an error body is only for the message; never buffer a huge one).</summary>
    public static async Task<RegistryFailure> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        byte[] body = response.Content is null ? [] : await ReadSomeAsync(response.Content, ct).ConfigureAwait(false);
        var (codes, detail) = RegistryErrors.Describe(body);
        return new RegistryFailure(response, codes, detail);
    }

    /// <summary>
    /// The one rule, first match wins. Authentication and permission come first (they decide who may ask at all);
    /// a status that usually passes is transient whatever the body says (so the decision needs no body); then what
    /// the body says about the request (too large, content that does not match); then the upload-session statuses.
    /// </summary>
    public static RegistryFailureKind Classify(HttpStatusCode status, string? challengeError, IReadOnlySet<string> codes)
    {
        bool scope = challengeError == "insufficient_scope";
        return (int)status switch
        {
            401 => scope ? RegistryFailureKind.InsufficientScope : RegistryFailureKind.Unauthorized,
            403 => scope ? RegistryFailureKind.InsufficientScope : RegistryFailureKind.Denied,
            // 501 and 505: the server will never do it.
            408 or 429 or (>= 500 and <= 599 and not 501 and not 505) => RegistryFailureKind.Transient,
            413 => RegistryFailureKind.TooLarge,
            416 when codes.Contains(RangeNotSatisfiableCode) => RegistryFailureKind.TooLarge,
            _ when RejectsContent(codes) => RegistryFailureKind.InvalidContent,
            404 => RegistryFailureKind.NotFound,
            416 => RegistryFailureKind.RangeNotSatisfiable,
            _ => RegistryFailureKind.Other,
        };
    }

    /// <summary>
    /// The error the user reads, by status first (401, 403), then by the body's codes, else the status and the
    /// registry's own words. <paramref name="action"/> says what was being done ("starting an upload to 'x'").
    /// </summary>
    public ModelcarException ToException(string registry, string action)
    {
        string suffix = Detail.Length > 0 ? $": {Detail}" : ".";
        return Status switch
        {
            HttpStatusCode.Unauthorized => RegistryErrors.Unauthorized(registry, new CredentialAdvice(Credentials.RegistryRole.Push, true, null, null), $"{action} was refused ({StatusText})"),
            HttpStatusCode.Forbidden => new ModelcarException(ErrorCodes.RegistryDenied,
                $"The registry '{registry}' denied {action} ({StatusText}){suffix} Check that the account has access to this repository (push rights to push)."),
            _ when RejectsContent(Codes) => new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"The registry '{registry}' rejected the content while {action} ({StatusText}){suffix} The bytes sent do not match their digest or size; the file may have changed while it was read."),
            _ => new ModelcarException(ErrorCodes.RegistryProtocolError,
                $"The registry '{registry}' answered {StatusText} to {action}{suffix}"),
        };
    }

    private static bool RejectsContent(IReadOnlySet<string> codes) => codes.Contains(DigestInvalid) || codes.Contains(SizeInvalid);

    private static async Task<byte[]> ReadSomeAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        byte[] buffer = new byte[4096];
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        return buffer[..read];
    }
}
