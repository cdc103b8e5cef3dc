namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// Cancels a request that has moved no byte for a while. Every chunk written to the request body (and the
/// arrival of the response) re-arms it, so a 20 GB layer on a slow link runs as long as it keeps moving, while a
/// dead connection is caught within <paramref name="timeout"/>.
/// </summary>
internal sealed class ProgressWatchdog : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;

    public ProgressWatchdog(TimeSpan timeout, CancellationToken outer)
    {
        _timeout = timeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _source.CancelAfter(timeout);
    }

    public CancellationToken Token => _source.Token;

    public TimeSpan Timeout => _timeout;

    /// <summary>Bytes moved: the clock starts again.</summary>
    public void Touch()
    {
        try
        {
            _source.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // A late write after the request finished: nothing left to watch.
        }
    }

    public void Dispose() => _source.Dispose();
}
