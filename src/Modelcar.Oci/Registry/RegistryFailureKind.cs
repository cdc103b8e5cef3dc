namespace Modelcar.Oci.Registry;

/// <summary>
/// What a registry's refusal means for the next step, decided once by <see cref="RegistryFailure.Classify"/>. Every
/// retry decision reads this, not the status code or the message: the transport retries <see cref="Transient"/>,
/// an upload shrinks its chunks on <see cref="TooLarge"/> and resumes on <see cref="Transient"/>,
/// <see cref="NotFound"/> and <see cref="RangeNotSatisfiable"/>, and never tries again what another request would
/// meet again (<see cref="IsPermanent"/>).
/// </summary>
internal enum RegistryFailureKind
{
    /// <summary>Usually passes: 408, 429 and the 5xx family except 501 and 505, whatever the body says.</summary>
    Transient,

    /// <summary>The request body is over the registry's limit: 413, or ghcr.io's 416 <c>REQUESTED_RANGE_NOT_SATISFIABLE</c>.</summary>
    TooLarge,

    /// <summary>401: no credentials, or the registry does not accept them.</summary>
    Unauthorized,

    /// <summary>401 or 403 with <c>WWW-Authenticate: … error="insufficient_scope"</c>: known account, not allowed this action.</summary>
    InsufficientScope,

    /// <summary>403 without a scope challenge.</summary>
    Denied,

    /// <summary><c>DIGEST_INVALID</c> or <c>SIZE_INVALID</c>: the bytes sent do not match their digest or size.</summary>
    InvalidContent,

    /// <summary>404: for an upload, the registry no longer knows the session.</summary>
    NotFound,

    /// <summary>416 for another reason than size: for an upload, the registry's offset is not the one the request assumed.</summary>
    RangeNotSatisfiable,

    /// <summary>Anything else; the caller's expectation decides.</summary>
    Other,
}

internal static class RegistryFailureKinds
{
    /// <summary>A refusal that the same request would meet again: credentials, permissions, content that does not match.</summary>
    public static bool IsPermanent(this RegistryFailureKind kind) =>
        kind is RegistryFailureKind.Unauthorized or RegistryFailureKind.InsufficientScope or RegistryFailureKind.Denied or RegistryFailureKind.InvalidContent;
}
