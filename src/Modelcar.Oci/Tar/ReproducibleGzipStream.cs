using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Modelcar.Oci.Tar;

/// <summary>
/// A write-only gzip stream (RFC 1952) whose framing is the same on every machine: no file name, mtime 0 and
/// OS 255 ("unknown"). <see cref="GZipStream"/> lets zlib write the header, whose OS byte differs between
/// Windows and Unix, and that one byte would change the layer's digest. The deflate data in between comes
/// from the runtime's zlib.
/// </summary>
internal sealed class ReproducibleGzipStream : Stream
{
    // ID1 ID2, CM=deflate, FLG=0, MTIME=0 (4 bytes), XFL=0, OS=255.
    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff];

    private readonly Stream _output;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _finished;

    /// <param name="output">Receives the gzip bytes; left open.</param>
    public ReproducibleGzipStream(Stream output)
    {
        _output = output;
        _output.Write(Header);
        _deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _crc.Append(buffer);
        _length += buffer.Length;
        _deflate.Write(buffer);
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Ends the deflate data and writes the trailer: CRC-32 and the length mod 2^32, little-endian.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            _deflate.Dispose();
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
            BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_length));
            _output.Write(trailer);
        }
        base.Dispose(disposing);
    }
}
