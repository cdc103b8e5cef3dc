using Modelcar.IO;

namespace Modelcar.Oci.Build;

/// <summary>A read-only stream that gives some bytes already read (a format's magic number) before the rest.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ForwardReadStream(rest)
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty) return Inner.Read(buffer);
        int n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty) return await Inner.ReadAsync(buffer, cancellationToken);
        return Read(buffer.Span);
    }
}
