using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// The blob in chunks (PATCH..., then PUT ?digest= with the last bytes), from where the registry holds. When a chunk
/// fails in a way that usually passes (a reset, a stall, 5xx, 429), or the registry lost the session's offset, it
/// asks the registry how many bytes it holds and goes on from there: from the window still in memory when it can,
/// otherwise by re-reading the content from that offset. A body the registry finds too large shrinks the chunks.
/// A blob small enough for one PUT whose PUT fails goes on in chunks.
/// </summary>
internal sealed class ChunkedUpload(UploadRun run)
{
    private UploadSession Session => run.Session;
    private ContentWindow Window => run.Window;

    // A closing PUT with a body failed once: send the rest by PATCH.
    private bool _chunkedOnly;

    public async Task<(Digest Digest, long Size)> SendAsync()
    {
        while (true)
        {
            run.User.ThrowIfCancellationRequested();
            await Window.AdvanceAsync(Session.Held, run.User).ConfigureAwait(false);
            int from = (int)(Session.Held - Window.Start);
            int length = Math.Min(Window.Count - from, RequestLimit());
            bool closing = Window.EndsContent && from + length == Window.Count && (!_chunkedOnly || length == 0);
            run.Requests++;
            if (closing)
            {
                Digest digest = Window.Digest;
                if (await Session.PutAsync(digest, Window.Buffer, from, length, run.Wire).ConfigureAwait(false) is { } refused)
                {
                    await RecoverAsync(refused, length, closing: true).ConfigureAwait(false);
                    continue;
                }
                run.Progress?.Report(Session.Held);
                int retries = run.Budget.Retries;
                string retried = retries == 0 ? "" : $", {retries} {(retries == 1 ? "retry" : "retries")}";
                run.Log.Detail($"Uploaded {digest} ({Session.Held} bytes, {run.Requests} request(s){retried}) to '{run.Repository}'.");
                return (digest, Session.Held);
            }
            long started = run.Started();
            long before = Session.Held;
            if (await Session.PatchAsync(Window.Buffer, from, length, run.Wire).ConfigureAwait(false) is { } setback)
            {
                await RecoverAsync(setback, length, closing: false).ConfigureAwait(false);
                continue;
            }
            run.Measured(started, Session.Held - before);
            run.Progress?.Report(Session.Held);
        }
    }

    /// <summary>
    /// The client-wide size (it may have shrunk after a 413), but never under this session's announced minimum,
    /// and short enough to finish inside the registry's upload window at the measured throughput.
    /// </summary>
    private int RequestLimit() =>
        Math.Max(Math.Min(Window.Size, run.Sizing.RequestLimit), (int)Math.Min(Session.MinimumChunk ?? 1, Window.Size));

    /// <summary>Shrinks the chunks, or resumes where the registry stands, or gives up with the setback's error.</summary>
    private async Task RecoverAsync(UploadSetback setback, int length, bool closing)
    {
        if (setback.Kind == RegistryFailureKind.TooLarge)
        {
            if (closing) _chunkedOnly = true;
            if (!run.Sizing.TryShrink(length) && !closing) throw setback.Error;
            run.Log.Info($"  '{run.Registry}' refused a {ByteSize(length)} request body; sending {ByteSize(run.Sizing.Current)} chunks from now on");
            return;
        }
        if (!setback.Resumable) throw setback.Error;

        long offset = Session.Held;
        if (!await run.Budget.WaitAsync($"uploading bytes {offset}-{offset + Math.Max(length, 1) - 1} to '{run.Repository}'", setback.Reason, setback.RetryAfter, run.User).ConfigureAwait(false))
        {
            throw setback.WithSummary(run.Budget.Summary);
        }
        if (closing && length > 0) _chunkedOnly = true;
        await Session.ResumeAsync(run.User).ConfigureAwait(false);
        long held = Session.Held;
        if (Window.Holds(held))
        {
            run.Log.Info($"  resuming the upload to '{run.Repository}' at byte {held}");
            return;
        }
        if (!Window.CanReopen) throw setback.WithSummary(run.Budget.Summary);
        run.Log.Info($"  resuming the upload to '{run.Repository}' at byte {held} (re-reading the content from there)");
        await Window.ReopenAtAsync(held, run.User).ConfigureAwait(false);
    }

    private static string ByteSize(long bytes) => Modelcar.ByteSize.Format(bytes);
}
