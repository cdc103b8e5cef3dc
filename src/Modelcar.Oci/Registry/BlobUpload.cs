using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Registry.Upload;

namespace Modelcar.Oci.Registry;

/// <summary>
/// One blob upload (POST, PATCH..., PUT ?digest=) that survives a flaky network. It opens the session
/// (<see cref="UploadSession"/>) and the content (<see cref="ContentWindow"/>), sends the blob in one request when
/// the registry takes that (<see cref="WholeBlobRequest"/>) and otherwise, or after that broke, in chunks
/// (<see cref="ChunkedUpload"/>), which resume from what the registry holds; from byte 0 in a new session only
/// when the registry lost the session. On a final failure or a cancellation the session is
/// cancelled (DELETE) with the latest URL the registry gave, so nothing half-uploaded lingers where the registry allows
/// it (docs/reliability.md says where it does not); a cancellation lets the
/// request on the wire finish first (<see cref="GracefulCancellation"/>), because a request cut mid-body leaves the
/// registry holding bytes that URL does not count, and distribution then refuses the DELETE.
/// </summary>
internal sealed class BlobUpload(RegistryTransport transport, string repository, ChunkSizing sizing, IModelcarLog log)
{
    /// <summary>How long a request already on the wire may go on after a cancellation (one 16 MiB chunk on a slow link).</summary>
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends <paramref name="content"/> and closes the session. With a known digest the registry verifies it;
    /// without one the digest is computed while the bytes go out. Content that fits in one chunk goes in the closing
    /// PUT, so a small blob costs two requests. <paramref name="progress"/> receives the bytes the registry holds.
    /// </summary>
    public async Task<(Digest Digest, long Size)> UploadAsync(ReopenableContent content, Digest? knownDigest, long? knownSize,
        IProgress<long>? progress, CancellationToken ct)
    {
        // Open before starting the session: a missing file should not leave an upload behind on the registry.
        Stream stream = await content.OpenAtAsync(0, ct).ConfigureAwait(false);
        RetryBudget budget = transport.NewBudget();
        UploadSession? session = null;
        ContentWindow? window = null;
        // Requests that change the session (POST, PATCH, PUT) run on this token; the user's one is checked between them.
        using var grace = new GracefulCancellation(ct, CancellationGrace);
        try
        {
            session = await UploadSession.StartAsync(transport, repository, log, grace.Token).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            window = new ContentWindow(content, stream, WindowSize(session, knownSize), knownDigest, knownSize, repository);
            var run = new UploadRun(session, window, sizing, budget, log, transport.Registry, repository, progress, grace.Token, ct);
            if (WholeBlobRequest.SuitedLength(run, digestKnown: knownDigest is not null) is { } whole)
            {
                await WholeBlobRequest.SendAsync(run, whole).ConfigureAwait(false);
            }
            return await new ChunkedUpload(run).SendAsync().ConfigureAwait(false);
        }
        catch when (session is not null)
        {
            await session.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (window is not null) await window.DisposeAsync().ConfigureAwait(false);
            else await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The session's chunk; a known small size needs only a buffer one byte larger than the blob: reading that extra
    /// byte is how a stream longer than declared is caught.
    /// </summary>
    private int WindowSize(UploadSession session, long? knownSize)
    {
        int chunk = sizing.ForSession(session.MinimumChunk);
        return knownSize is { } s && s < chunk ? (int)s + 1 : chunk;
    }
}
