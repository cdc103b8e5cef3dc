using Modelcar.IO;

namespace Modelcar.Oci.Layout;

/// <summary>Reads at most <c>length</c> bytes of an inner stream from where it stands (one file inside a tar), then ends.</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : ForwardReadStream(inner)
{
    private readonly long _length = length;
    private long _remaining = length;

    public override long Length => _length;
    public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0) return 0;
        int n = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0) return 0;
        int n = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= n;
        return n;
    }
}
