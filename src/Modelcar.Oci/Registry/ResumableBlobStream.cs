using System.Buffers;
using System.Net;
using Modelcar.IO;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry;

/// <summary>
/// The bytes of one blob download, in order, across as many requests as it takes. When a response breaks in the
/// middle of its body (a reset, a stall past the no-progress timeout, a body that ends before its length), the
/// same blob is asked for again from the registry with <c>Range: bytes=&lt;offset&gt;-</c>, so a redirect to storage
/// is resolved afresh each time, and reading goes on. A 206 must start at the offset (RFC 9110 §14.4); a 200 means
/// the Range was ignored, and the first offset bytes of the full body are skipped. Breaks share one retry budget
/// (the registry's retry settings) for the whole download. The digest is not checked here:
/// <see cref="DigestVerifyingStream"/> above it hashes every byte once, whichever request brought it.
/// </summary>
internal sealed class ResumableBlobStream : ForwardReadStream
{
    private const int SkipBufferSize = 256 * 1024;

    private readonly Func<long, CancellationToken, Task<HttpResponseMessage>> _requestFrom;
    private readonly string _registry;
    private readonly string _repository;
    private readonly Digest _digest;
    private readonly RetryBudget _budget;
    private readonly TimeSpan _noProgressTimeout;
    private readonly IModelcarLog _log;
    private HttpResponseMessage _response;
    private long _position;
    // Where the last break happened: a break after more bytes arrived restarts the budget's time bound.
    private long _positionAtLastBreak;
    // The whole blob's size when a response said it (Content-Length of a 200, or the total of a Content-Range).
    private long? _length;
    // Where the current response's body ends, when it said so.
    private long? _responseEnd;

    /// <param name="first">The answer to the first GET (2xx, already checked); its body is read first.</param>
    /// <param name="requestFrom">Sends the GET for the blob again with a Range from the given offset, through the registry.</param>
    public ResumableBlobStream(HttpResponseMessage first, Stream body, Func<long, CancellationToken, Task<HttpResponseMessage>> requestFrom,
        string registry, string repository, Digest digest, RetryBudget budget, TimeSpan noProgressTimeout, IModelcarLog log)
        : base(body)
    {
        _response = first;
        _requestFrom = requestFrom;
        _registry = registry;
        _repository = repository;
        _digest = digest;
        _budget = budget;
        _noProgressTimeout = noProgressTimeout;
        _log = log;
        _length = first.Content.Headers.ContentLength;
        _responseEnd = _length;
    }

    public override long Length => _length ?? throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            Exception failure;
            try
            {
                int read = await ReadWatchedAsync(Inner, buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    _position += read;
                    return read;
                }
                if (_length is not { } length || _position >= length) return 0;
                if (_position == _responseEnd)
                {
                    // The registry sent a shorter range than asked for; ask for the rest (progress was made, no retry spent).
                    await ReplaceResponseAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                failure = new IOException($"the body ended at byte {_position} of {length}");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not ModelcarException && TransientFailure.Reason(e) is not null)
            {
                failure = e;
            }
            await ResumeAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Resuming means an HTTP request, which is asynchronous; the library's own readers are all asynchronous, so
    /// this blocking path only serves a caller that reads synchronously.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Waits (backoff) and asks for the rest, until a new body is in place or the budget is spent.</summary>
    private async Task ResumeAsync(Exception failure, CancellationToken ct)
    {
        if (_position > _positionAtLastBreak) _budget.Progressed();
        _positionAtLastBreak = _position;
        while (true)
        {
            string reason = TransientFailure.Reason(failure) ?? failure.Message;
            if (!await _budget.WaitAsync($"downloading {_digest} from '{_repository}'", reason, null, ct).ConfigureAwait(false))
            {
                var error = RegistryErrors.Unreachable(_registry, failure, $"downloading {_digest} from '{_repository}', {_position} of {LengthText} bytes received");
                throw new ModelcarException(error.Code, error.Message + _budget.Summary, failure);
            }
            _log.Detail($"Resuming the download of {_digest} from '{_repository}' at byte {_position} ({reason}).");
            try
            {
                await ReplaceResponseAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not ModelcarException && TransientFailure.Reason(e) is not null)
            {
                failure = e;
            }
        }
    }

    private string LengthText => _length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    /// <summary>
    /// Asks for the blob from the current position and puts the answer's body in place. A network failure of the
    /// request itself was already retried by the transport and arrives as a ModelcarException, which ends the
    /// download; a body that breaks while the skip of a 200 reads it is transient, like any other break.
    /// </summary>
    private async Task ReplaceResponseAsync(CancellationToken ct)
    {
        long offset = _position;
        var response = await _requestFrom(offset, ct).ConfigureAwait(false);
        try
        {
            Stream body;
            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent:
                    AcceptRange(response, offset);
                    body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    break;
                case HttpStatusCode.OK:
                    CheckFullLength(response);
                    _log.Detail($"'{_registry}' ignored the Range request for {_digest} and sent it whole; skipping the first {offset} bytes.");
                    body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    await SkipAsync(body, offset, ct).ConfigureAwait(false);
                    _responseEnd = _length;
                    break;
                default:
                    throw await RegistryErrors.FromResponseAsync(response, _registry,
                        $"resuming the download of {_digest} from '{_repository}' at byte {offset}", ct).ConfigureAwait(false);
            }
            var previous = _response;
            Inner.Dispose();
            previous.Dispose();
            _response = response;
            Inner = body;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A 206 must be a byte range that starts where we are, of the blob we have been reading.</summary>
    private void AcceptRange(HttpResponseMessage response, long offset)
    {
        var range = response.Content.Headers.ContentRange;
        if (range is null || !string.Equals(range.Unit, "bytes", StringComparison.OrdinalIgnoreCase) || range.From != offset || range.To is not { } to || to < offset
            || (range.Length is { } total && _length is { } known && total != known))
        {
            throw RegistryErrors.Protocol(_registry,
                $"answered the request for bytes {offset}- of {_digest} in '{_repository}' with 206 and Content-Range '{range?.ToString() ?? "(none)"}', " +
                $"which is not the range asked for{(_length is { } l ? $" of a {l}-byte blob" : "")}.");
        }
        _length ??= range.Length;
        _responseEnd = to + 1;
    }

    private void CheckFullLength(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength is { } full && _length is { } known && full != known)
        {
            throw RegistryErrors.Protocol(_registry,
                $"sent {_digest} from '{_repository}' again with {full} bytes, but the first answer had {known}.");
        }
        _length ??= response.Content.Headers.ContentLength;
    }

    private async Task SkipAsync(Stream body, long count, CancellationToken ct)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(SkipBufferSize);
        try
        {
            for (long left = count; left > 0;)
            {
                int read = await ReadWatchedAsync(body, scratch.AsMemory(0, (int)Math.Min(left, scratch.Length)), ct).ConfigureAwait(false);
                if (read == 0) throw new IOException($"the body ended at byte {count - left}, before the {count} bytes to skip");
                left -= read;
            }
        }
        catch
        {
            await body.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>A read that brings no byte within the no-progress timeout is a stall, not a wait forever.</summary>
    private async ValueTask<int> ReadWatchedAsync(Stream body, Memory<byte> buffer, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(_noProgressTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NoProgressException(_noProgressTimeout);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _response.Dispose();
    }
}
