using Modelcar.IO;

namespace Modelcar.Sources.S3;

/// <summary>A read-only stream that also disposes what produced it (the SDK response holding the connection).</summary>
internal sealed class OwningStream(Stream inner, IDisposable owner) : ForwardReadStream(inner)
{
    public override int Read(Span<byte> buffer) => Inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) owner.Dispose();
        base.Dispose(disposing);
    }
}
