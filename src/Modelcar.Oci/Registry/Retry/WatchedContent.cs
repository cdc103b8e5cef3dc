using System.Net;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// A request body that tells a <see cref="ProgressWatchdog"/> each time a slice of it reaches the socket. The slices
/// are small (64 KiB) so that progress is seen even when one chunk takes minutes on a slow link.
/// </summary>
internal sealed class WatchedContent : HttpContent
{
    private const int SliceSize = 64 * 1024;
    private readonly HttpContent _inner;
    private readonly ProgressWatchdog _watchdog;

    public WatchedContent(HttpContent inner, ProgressWatchdog watchdog)
    {
        _inner = inner;
        _watchdog = watchdog;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Through the inner content's own serialization: ReadAsStreamAsync would buffer a streamed body (a whole
        // layer sent in one request) in memory first.
        await _inner.CopyToAsync(new SlicingStream(stream, _watchdog), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Passes writes on in slices, touching the watchdog after each one reaches the socket.</summary>
    private sealed class SlicingStream(Stream socket, ProgressWatchdog watchdog) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!buffer.IsEmpty)
            {
                int n = Math.Min(SliceSize, buffer.Length);
                await socket.WriteAsync(buffer[..n], cancellationToken).ConfigureAwait(false);
                watchdog.Touch();
                buffer = buffer[n..];
            }
        }

        public override void Flush() => socket.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => socket.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
