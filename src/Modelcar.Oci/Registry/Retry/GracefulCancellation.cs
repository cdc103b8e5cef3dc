namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// A token that fires a short grace period after the user's cancellation. An upload request already on the wire gets
/// to finish, so the registry's answer carries the session URL (with its <c>_state</c>) that matches what it holds:
/// cut off mid-body, the registry keeps bytes the URL does not count, and distribution then refuses the DELETE that
/// would cancel the session (404 BLOB_UPLOAD_INVALID), leaving it until the registry's upload purge.
/// </summary>
internal sealed class GracefulCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration _registration;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068", Justification = "The token is what this type wraps, not a trailing option: it reads first.")]
    public GracefulCancellation(CancellationToken outer, TimeSpan grace)
    {
        _registration = outer.Register(() =>
        {
            try
            {
                _source.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
                // The upload ended first.
            }
        });
    }

    /// <summary>For requests on the wire: cancelled only after the grace period.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}
