using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// The first way to send a blob: a registry without body limits ingests one long request fastest (it is what a
/// plain PUT does), so the whole blob goes in a single PATCH, hashed on the way, and the closing PUT carries no body.
/// Anything that breaks it, except what another request would meet again, leaves the session where the registry
/// says and the content reopened there, for <see cref="ChunkedUpload"/> to go on from.
/// </summary>
internal static class WholeBlobRequest
{
    /// <summary>
    /// The blob's length when it suits one request: only when the digest is computed on the way (a known one means the content was already read), the length is
    /// known, more than one chunk, within what the registry takes, and the content can be read again to go on.
    /// </summary>
    public static long? SuitedLength(UploadRun run, bool digestKnown) =>
        !digestKnown && run.Window.KnownLength is { } length && length > run.Window.Size &&
        run.Sizing.AllowsWholeBlobRequest(length) && run.Window.CanReopen ? length : null;

    public static async Task SendAsync(UploadRun run, long length)
    {
        run.Requests++;
        var body = run.Window.WholeBody(length, run.Progress);
        string what = $"uploading {length} bytes in one request to '{run.Repository}'";
        UploadSetback? setback;
        try
        {
            long started = run.Started();
            setback = await run.Session.PatchWholeAsync(body, length, run.Wire).ConfigureAwait(false);
            if (setback is null)
            {
                run.Measured(started, run.Session.Held);
                run.Window.HashedThrough(body);
                if (run.Session.Held == length) run.Window.EndAt(length);
                else await run.Window.ReopenAtAsync(run.Session.Held, run.User).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && !UploadSession.IsPermanent(e))
        {
            // Not an answer: the body could not be sent again after a challenge, the content could not be reopened...
            string reason = (e is ModelcarException ? TransientFailure.Reason(e) : null) ?? e.Message;
            if (!await run.Budget.WaitAsync(what, reason, null, run.User).ConfigureAwait(false)) throw;
            await GoOnInChunksAsync(run, body, reason).ConfigureAwait(false);
            return;
        }

        if (setback.Kind.IsPermanent()) throw setback.Error;
        if (!await run.Budget.WaitAsync(what, setback.Reason, setback.RetryAfter, run.User).ConfigureAwait(false)) throw setback.Error;
        if (setback.Kind == RegistryFailureKind.TooLarge) run.Sizing.RefuseWholeBlobRequests();
        await GoOnInChunksAsync(run, body, setback.Reason).ConfigureAwait(false);
    }

    private static async Task GoOnInChunksAsync(UploadRun run, HashingStreamContent body, string reason)
    {
        run.Window.HashedThrough(body);
        await run.Session.ResumeAsync(run.User).ConfigureAwait(false);
        run.Log.Info($"  the one-request upload to '{run.Repository}' broke ({reason}); going on in chunks from byte {run.Session.Held}");
        await run.Window.ReopenAtAsync(run.Session.Held, run.User).ConfigureAwait(false);
    }
}
