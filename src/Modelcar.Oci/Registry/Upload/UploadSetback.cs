namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// Why a request that writes to an upload session did not move it forward: the registry refused it (classified
/// once by <see cref="RegistryFailure"/>) or the connection broke. A value, not an exception, because the upload
/// decides what to do next from <see cref="Kind"/>: shrink the chunks, resume, or give up with <see cref="Error"/>.
/// </summary>
/// <param name="Reason">What the retry log says.</param>
/// <param name="RetryAfter">How long the registry asked to wait, when resuming is worth it and it said so.</param>
/// <param name="Error">What the user reads when the upload gives up on it.</param>
internal sealed record UploadSetback(RegistryFailureKind Kind, string Reason, TimeSpan? RetryAfter, ModelcarException Error)
{
    /// <summary>Worth asking the registry where it stands and going on: it was briefly unable, or lost the session's offset or state.</summary>
    public bool Resumable => Kind is RegistryFailureKind.Transient or RegistryFailureKind.NotFound or RegistryFailureKind.RangeNotSatisfiable;

    public static UploadSetback Refused(RegistryFailure failure, ModelcarException error) => failure.Kind switch
    {
        RegistryFailureKind.Transient => new(failure.Kind, failure.TransientReason!, failure.RetryAfter, error),
        RegistryFailureKind.NotFound or RegistryFailureKind.RangeNotSatisfiable =>
            new(failure.Kind, $"{(int)failure.Status} (the session's offset or state was lost)", failure.RetryAfter, error),
        _ => new(failure.Kind, error.Message, null, error),
    };

    /// <summary>The connection broke in a way that usually passes (a reset, a stall); the registry may hold part of the request.</summary>
    public static UploadSetback Broken(string reason, ModelcarException error) => new(RegistryFailureKind.Transient, reason, null, error);

    /// <summary>The final error, with how hard the upload tried.</summary>
    public ModelcarException WithSummary(string summary) =>
        summary.Length == 0 ? Error : new ModelcarException(Error.Code, Error.Message + summary, Error.InnerException);
}
