using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry;

/// <summary>
/// One blob upload (POST, PATCH..., PUT ?digest=) that survives a flaky network. Content is read a chunk at a time
/// into a pooled buffer: memory stays at one chunk per upload however large the layer. When a chunk fails in a way
/// that usually passes (a reset, a stall, 5xx, 429), it asks the registry how many bytes it holds (GET on the
/// session, <c>Range</c>) and goes on from there: from the chunk still in memory when it can, otherwise by
/// re-reading the content from that offset; from byte 0 in a new session only when the registry lost the session.
/// A blob small enough for one PUT that fails goes on in chunks. On a final failure or a cancellation the session is
/// cancelled (DELETE) with the latest URL the registry gave, so nothing half-uploaded lingers where the registry allows
/// it (docs/reliability.md says where it does not); a cancellation lets the
/// request on the wire finish first (<see cref="GracefulCancellation"/>), because a request cut mid-body leaves the
/// registry holding bytes that URL does not count, and distribution then refuses the DELETE.
/// </summary>
internal sealed class BlobUpload(RegistryTransport transport, string repository, ChunkSizing sizing, IModelcarLog log)
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>How long a request already on the wire may go on after a cancellation (one 16 MiB chunk on a slow link).</summary>
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(5);

    private string Scope => RegistryScopes.Push(repository);

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
        Session? session = null;
        byte[]? buffer = null;
        // Requests that change the session (POST, PATCH, PUT) run on this token; the user's one is checked between them.
        using var grace = new GracefulCancellation(ct, CancellationGrace);
        CancellationToken wire = grace.Token;
        try
        {
            session = await StartAsync(wire).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            int chunk = sizing.ForSession(session.MinimumChunk);
            // A known small size needs only a buffer one byte larger than the blob: reading that extra byte is how a
            // stream longer than declared is caught.
            int bufferSize = knownSize is { } s && s < chunk ? (int)s + 1 : chunk;
            buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
            using var hash = knownDigest is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

            long hashed = 0;          // bytes of the content fed to the hash, in order
            long windowStart = 0;     // the buffer holds content bytes [windowStart, windowStart + windowCount)
            int windowCount = 0;
            bool endInWindow = false; // the content ends where the window ends
            long offset = 0;          // bytes the registry holds
            bool chunkedOnly = false; // a closing PUT with a body failed once: send the rest by PATCH
            int requests = 1;

            // A registry without body limits ingests one long request fastest (it is what a plain PUT does): the
            // whole blob goes in a single PATCH, hashed on the way, and the closing PUT carries no body. Anything
            // that breaks it falls through to the chunked path below, from the offset the registry holds.
            if (knownDigest is null && LengthOf(stream, knownSize) is { } whole && whole > bufferSize && sizing.AllowsWholeBlobRequest(whole) && content.CanReopen)
            {
                requests++;
                var body = new HashingStreamContent(stream, hash, whole, progress);
                try
                {
                    long sent = Started();
                    (session, offset) = await PatchWholeAsync(session, body, whole, wire).ConfigureAwait(false);
                    Measured(sent, offset);
                    hashed = body.Hashed;
                    windowStart = offset;
                    endInWindow = offset == whole;
                    if (!endInWindow)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        stream = await content.OpenAtAsync(offset, ct).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && !IsPermanent(e))
                {
                    string reason = Resumable(e)?.Reason ?? e.Message;
                    if (!await budget.WaitAsync($"uploading {whole} bytes in one request to '{repository}'", reason, Resumable(e)?.RetryAfter, ct).ConfigureAwait(false))
                    {
                        throw;
                    }
                    if (e is ChunkTooLargeException) sizing.RefuseWholeBlobRequests();
                    hashed = body.Hashed;
                    (session, offset) = await ResumeAsync(session, ct).ConfigureAwait(false);
                    log.Info($"  the one-request upload to '{repository}' broke ({reason}); going on in chunks from byte {offset}");
                    await stream.DisposeAsync().ConfigureAwait(false);
                    stream = await content.OpenAtAsync(offset, ct).ConfigureAwait(false);
                    windowStart = offset;
                }
            }

            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (offset == windowStart + windowCount && !endInWindow)
                {
                    windowStart = offset;
                    windowCount = await stream.ReadAtLeastAsync(buffer.AsMemory(0, bufferSize), bufferSize, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    endInWindow = windowCount < bufferSize;
                    long end = windowStart + windowCount;
                    if (knownSize is { } expected && end > expected) throw SizeMismatch(knownDigest, expected, "more");
                    if (endInWindow && knownSize is { } declared && end != declared) throw SizeMismatch(knownDigest, declared, "fewer");
                    if (hash is not null && end > hashed)
                    {
                        int skip = (int)(hashed - windowStart);
                        hash.AppendData(buffer, skip, windowCount - skip);
                        hashed = end;
                    }
                }

                int from = (int)(offset - windowStart);
                // The client-wide size (it may have shrunk after a 413), but never under this session's announced minimum.
                // ... and short enough to finish inside the registry's upload window at the measured throughput.
                int limit = Math.Max(Math.Min(bufferSize, sizing.RequestLimit), (int)Math.Min(session.MinimumChunk ?? 1, bufferSize));
                int length = Math.Min(windowCount - from, limit);
                bool closing = endInWindow && from + length == windowCount && (!chunkedOnly || length == 0);
                requests++;
                try
                {
                    if (closing)
                    {
                        Digest digest = knownDigest ?? Digest.FromSha256Hash(hash!.GetCurrentHash());
                        await PutAsync(session.Location, digest, buffer, from, length, wire).ConfigureAwait(false);
                        offset += length;
                        progress?.Report(offset);
                        string retried = budget.Retries == 0 ? "" : $", {budget.Retries} {(budget.Retries == 1 ? "retry" : "retries")}";
                        log.Detail($"Uploaded {digest} ({offset} bytes, {requests} request(s){retried}) to '{repository}'.");
                        return (digest, offset);
                    }
                    long started = Started();
                    long before = offset;
                    (session, offset) = await PatchAsync(session, buffer, from, offset, length, wire).ConfigureAwait(false);
                    Measured(started, offset - before);
                    progress?.Report(offset);
                }
                catch (ChunkTooLargeException tooLarge)
                {
                    if (closing) chunkedOnly = true;
                    if (!sizing.TryShrink(length) && !closing) throw tooLarge.Error;
                    log.Info($"  '{transport.Registry}' refused a {ByteSize(length)} request body; sending {ByteSize(sizing.Current)} chunks from now on");
                }
                catch (Exception e) when (Resumable(e) is { } fault)
                {
                    if (!await budget.WaitAsync($"uploading bytes {offset}-{offset + Math.Max(length, 1) - 1} to '{repository}'", fault.Reason, fault.RetryAfter, ct).ConfigureAwait(false))
                    {
                        throw fault.WithSummary(budget.Summary);
                    }
                    if (closing && length > 0) chunkedOnly = true;
                    (session, long held) = await ResumeAsync(session, ct).ConfigureAwait(false);
                    if (held < windowStart || held > windowStart + windowCount)
                    {
                        if (!content.CanReopen) throw fault.WithSummary(budget.Summary);
                        log.Info($"  resuming the upload to '{repository}' at byte {held} (re-reading the content from there)");
                        await stream.DisposeAsync().ConfigureAwait(false);
                        stream = await content.OpenAtAsync(held, ct).ConfigureAwait(false);
                        windowStart = held;
                        windowCount = 0;
                        endInWindow = false;
                    }
                    else
                    {
                        log.Info($"  resuming the upload to '{repository}' at byte {held}");
                    }
                    offset = held;
                }
            }
        }
        catch when (session is not null)
        {
            await CancelAsync(session.Location).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private long Started() => sizing.Window?.Time.GetTimestamp() ?? 0;

    /// <summary>Feeds a finished request's throughput to the upload window, when the registry has one.</summary>
    private void Measured(long started, long bytes)
    {
        if (sizing.Window is { } window) window.Record(bytes, window.Time.GetElapsedTime(started));
    }

    /// <summary>The URL of an open session, and the smallest chunk the registry takes (OCI-Chunk-Min-Length).</summary>
    private sealed record Session(Uri Location, long? MinimumChunk);

    private async Task<Session> StartAsync(CancellationToken ct)
    {
        // A retried POST at worst opens a second session, which the registry's upload purge removes.
        using var response = await transport.SendAsync(
            b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{repository}/blobs/uploads/")) { Content = Empty() },
            Scope, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"starting an upload to '{repository}'", ct).ConfigureAwait(false);
        }
        long? minimum = response.Headers.NonValidated.TryGetValues("OCI-Chunk-Min-Length", out var values) &&
                        long.TryParse(values.FirstOrDefault(), out long announced) && announced > 0 ? announced : null;
        return new Session(UploadLocation.FromUploadResponse(response, transport.Registry, repository, previous: null), minimum);
    }

    /// <summary>
    /// One PATCH. Registries answer 202 (the spec), 201 (ECR) or 204; a <c>Range</c> shorter than what was sent
    /// means the registry took only part of it, and the rest goes again.
    /// </summary>
    private async Task<(Session Session, long Offset)> PatchAsync(Session session, byte[] buffer, int from, long offset, int count, CancellationToken ct)
    {
        using var response = await transport.SendAsync(_ =>
        {
            var content = Chunk(buffer, from, count);
            // The distribution spec's Content-Range is "start-end" with no unit, which ContentRangeHeaderValue
            // cannot express, hence the unvalidated header.
            content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, session.Location) { Content = content };
        }, Scope, ct, idempotent: false).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw await FailureAsync(response, $"uploading bytes {offset}-{offset + count - 1} to '{repository}'", ct).ConfigureAwait(false);
        }
        long end = offset + count;
        if (UploadLocation.ReceivedBytes(response) is { } received && received > offset && received < end)
        {
            log.Detail($"'{transport.Registry}' took bytes {offset}-{received - 1} of {offset}-{end - 1}; sending the rest again.");
            end = received;
        }
        return (session with { Location = UploadLocation.FromUploadResponse(response, transport.Registry, repository, session.Location) }, end);
    }

    /// <summary>The whole blob in one PATCH (Content-Range 0-(n-1)); returns the session and the bytes the registry holds.</summary>
    private async Task<(Session Session, long Offset)> PatchWholeAsync(Session session, HashingStreamContent body, long length, CancellationToken ct)
    {
        using var response = await transport.SendAsync(_ =>
        {
            // A second build (after an auth challenge) fails in the body, which cannot be sent twice; the caller
            // then resumes from what the registry holds.
            body.Headers.Remove("Content-Range");
            body.Headers.TryAddWithoutValidation("Content-Range", $"0-{length - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, session.Location) { Content = body };
        }, Scope, ct, idempotent: false).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw await FailureAsync(response, $"uploading {length} bytes in one request to '{repository}'", ct).ConfigureAwait(false);
        }
        long held = UploadLocation.ReceivedBytes(response) is { } received && received < length ? received : length;
        return (session with { Location = UploadLocation.FromUploadResponse(response, transport.Registry, repository, session.Location) }, held);
    }

    /// <summary>The content's length when it is known without reading it (a layer stream knows its exact size).</summary>
    private static long? LengthOf(Stream stream, long? knownSize)
    {
        if (knownSize is not null) return knownSize;
        try { return stream.Length; } catch (NotSupportedException) { return null; }
    }

    /// <summary>Failures that another request would meet again: refused credentials or permissions, a changed file.</summary>
    private static bool IsPermanent(Exception e) =>
        e is ModelcarException { Code: ErrorCodes.RegistryUnauthorized or ErrorCodes.RegistryDenied or ErrorCodes.BlobVerificationFailed or ErrorCodes.ModelFileChanged or ErrorCodes.ModelFileUnreadable };

    private async Task PutAsync(Uri location, Digest digest, byte[] buffer, int from, int count, CancellationToken ct)
    {
        Uri target = UploadLocation.WithDigest(location, digest);
        using var response = await transport.SendAsync(
            _ => new HttpRequestMessage(HttpMethod.Put, target) { Content = Chunk(buffer, from, count) },
            Scope, ct, idempotent: false).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(response, $"completing the upload of {digest} to '{repository}'", ct).ConfigureAwait(false);
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
            Digest.TryParse(values.FirstOrDefault(), out var stored) && stored.Algorithm == digest.Algorithm && stored != digest)
        {
            throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"The registry '{transport.Registry}' stored the blob pushed as {digest} under the digest {stored}.");
        }
    }

    /// <summary>
    /// Asks the registry how much of the session it holds. A session it no longer knows (expired, or dropped after
    /// a broken chunk) is replaced by a new one, from byte 0.
    /// </summary>
    private async Task<(Session Session, long Held)> ResumeAsync(Session session, CancellationToken ct)
    {
        using var response = await transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Get, session.Location), Scope, ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.Accepted)
        {
            long held = UploadLocation.ReceivedBytes(response) ?? 0;
            return (session with { Location = UploadLocation.FromUploadResponse(response, transport.Registry, repository, session.Location) }, held);
        }
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            log.Info($"  '{transport.Registry}' no longer has the upload session ({(int)response.StatusCode}); starting the upload to '{repository}' again from byte 0");
            await CancelAsync(session.Location).ConfigureAwait(false);
            return (await StartAsync(ct).ConfigureAwait(false), 0);
        }
        throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"checking an upload session in '{repository}'", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Best effort: an abandoned session only costs the registry space until its upload purge. A refusal is logged
    /// where the user sees it, because then something is left waiting on the registry.
    /// </summary>
    private async Task CancelAsync(Uri location)
    {
        // The publish may be failing because it was cancelled: the DELETE gets its own short deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Delete, location), Scope, deadline.Token, idempotent: false).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                log.Detail($"Cancelled an unfinished upload session in '{repository}'.");
                return;
            }
            var (_, detail) = RegistryErrors.Describe(await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false));
            log.Info($"  '{transport.Registry}' did not cancel an unfinished upload session in '{repository}' ({(int)response.StatusCode}{(detail.Length > 0 ? $": {detail}" : "")}); " +
                     "it stays on the registry until the registry's upload purge removes it");
        }
        catch (Exception e) when (e is ModelcarException or OperationCanceledException)
        {
            log.Info($"  could not cancel an unfinished upload session in '{repository}' ({e.Message}); it stays on the registry until the registry's upload purge removes it");
        }
    }

    /// <summary>Sorts a failed chunk answer into "shrink the chunk", "resume" or "give up".</summary>
    private async Task<Exception> FailureAsync(HttpResponseMessage response, string action, CancellationToken ct)
    {
        var error = await RegistryErrors.FromResponseAsync(response, transport.Registry, action, ct).ConfigureAwait(false);
        if (TransientFailure.IsBodyTooLarge(response.StatusCode, error.Message)) return new ChunkTooLargeException(error);
        if (error.Code == ErrorCodes.RegistryProtocolError &&
            (TransientFailure.Reason(response) is not null || response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable))
        {
            string reason = TransientFailure.Reason(response) ?? $"{(int)response.StatusCode} (the session's offset or state was lost)";
            return new ResumableResponseException(error, reason, RetryAfter.From(response, DateTimeOffset.UtcNow));
        }
        return error;
    }

    private static Fault? Resumable(Exception e) => e switch
    {
        ResumableResponseException r => new Fault(r.Reason, r.RetryAfter, r.Error),
        ModelcarException m when TransientFailure.Reason(m) is { } reason => new Fault(reason, null, m),
        _ => null,
    };

    private sealed record Fault(string Reason, TimeSpan? RetryAfter, ModelcarException Error)
    {
        public ModelcarException WithSummary(string summary) =>
            summary.Length == 0 ? Error : new ModelcarException(Error.Code, Error.Message + summary, Error.InnerException);
    }

    private sealed class ChunkTooLargeException(ModelcarException error) : Exception(error.Message)
    {
        public ModelcarException Error { get; } = error;
    }

    private sealed class ResumableResponseException(ModelcarException error, string reason, TimeSpan? retryAfter) : Exception(error.Message)
    {
        public ModelcarException Error { get; } = error;
        public string Reason { get; } = reason;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private ModelcarException SizeMismatch(Digest? digest, long declared, string moreOrFewer) =>
        new(ErrorCodes.BlobVerificationFailed,
            $"The content of {digest?.ToString() ?? "a blob"} for '{repository}' has {moreOrFewer} bytes than the {declared} declared; the file changed while it was being pushed. Build the image again.");

    private static string ByteSize(long bytes) => Modelcar.ByteSize.Format(bytes);

    private static ByteArrayContent Chunk(byte[] buffer, int from, int count)
    {
        var content = new ByteArrayContent(buffer, from, count);
        content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        return content;
    }

    private static ByteArrayContent Empty() => new([]);
}
