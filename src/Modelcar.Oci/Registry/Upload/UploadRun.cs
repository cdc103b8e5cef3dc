using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// What the two ways of sending a blob (<see cref="WholeBlobRequest"/>, then <see cref="ChunkedUpload"/>) share
/// within one upload: the session, the content, one retry budget for all resumes, and the request count the
/// closing log line reports.
/// </summary>
/// <param name="Wire">For requests that change the session (PATCH, PUT): fires a grace period after <paramref name="User"/>
/// (<see cref="GracefulCancellation"/>), so a request on the wire can finish.</param>
/// <param name="User">The caller's cancellation, checked between requests and used for status requests and waits.</param>
internal sealed record UploadRun(UploadSession Session, ContentWindow Window, ChunkSizing Sizing, RetryBudget Budget, IModelcarLog Log,
    string Registry, string Repository, IProgress<long>? Progress, CancellationToken Wire, CancellationToken User)
{
    /// <summary>Requests that wrote to the session so far, counting the POST that opened it.</summary>
    public int Requests { get; set; } = 1;

    /// <summary>A timestamp for <see cref="Measured"/>, when the registry has an upload window to measure against.</summary>
    public long Started() => Sizing.Window?.Time.GetTimestamp() ?? 0;

    /// <summary>Feeds a finished request's throughput to the upload window, when the registry has one.</summary>
    public void Measured(long started, long bytes)
    {
        if (Sizing.Window is { } window) window.Record(bytes, window.Time.GetElapsedTime(started));
    }
}
