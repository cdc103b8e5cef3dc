namespace Modelcar.IO;

/// <summary>
/// The shared shape of the read-only, forward-only streams that wrap another one (a tar entry, a magic-number
/// prefix, a verifying or owning wrapper): derived classes implement the span and memory reads; the rest of <see cref="Stream"/> is refused,
/// and disposing the wrapper disposes what it wraps.
/// </summary>
public abstract class ForwardReadStream(Stream inner) : Stream
{
    /// <summary>What is read now; a resumable download replaces it with the body of its next request.</summary>
    protected Stream Inner { get; set; } = inner;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override void Flush() { }
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
