using System.Buffers;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// A blob's bytes that can be read again from an offset, which is what lets an interrupted upload resume where the
/// registry says it stopped instead of at byte 0. Layers are reproducible (the same files give the same tar), so a
/// layer is re-opened and skipped forward; the skipped bytes are read from disk again but not sent again.
/// </summary>
internal sealed class ReopenableContent
{
    private const int SkipBufferSize = 1024 * 1024;
    private readonly Func<CancellationToken, Task<Stream>>? _open;
    private Stream? _once;

    /// <param name="open">Returns a fresh stream at byte 0 each time it is called.</param>
    public ReopenableContent(Func<CancellationToken, Task<Stream>> open) => _open = open;

    /// <summary>A stream that can be read once: resumes work only within the chunk still in memory.</summary>
    public ReopenableContent(Stream once) => _once = once;

    public bool CanReopen => _open is not null;

    public async Task<Stream> OpenAtAsync(long offset, CancellationToken ct)
    {
        Stream stream;
        if (_open is not null)
        {
            stream = await _open(ct).ConfigureAwait(false);
        }
        else
        {
            stream = Interlocked.Exchange(ref _once, null) ?? throw new InvalidOperationException("This content can be read only once.");
            if (offset != 0) throw new InvalidOperationException("This content cannot be re-read from an offset.");
            return new NonClosingStream(stream);
        }
        if (offset == 0) return stream;
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }
        byte[] scratch = ArrayPool<byte>.Shared.Rent(SkipBufferSize);
        try
        {
            for (long left = offset; left > 0;)
            {
                int read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(left, scratch.Length)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                        $"The content being uploaded ended at byte {offset - left} when it was read again to resume at byte {offset}; a file changed while it was being pushed. Build the image again.");
                }
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        return stream;
    }

    /// <summary>The caller owns a stream it passed in; the upload must not close it.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
