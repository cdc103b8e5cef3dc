using System.Security.Cryptography;
using Modelcar.IO;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tar;

/// <summary>
/// Reads a tar compressed on the fly: each read pulls a slice of the tar through the compressor, so memory
/// stays at one slice and its compressed bytes whatever the layer's size. Also hashes the tar it reads, which
/// is the layer's diff_id (<see cref="UncompressedDigest"/>), so one pass gives both digests.
/// </summary>
public sealed class CompressingReadStream : ForwardReadStream
{
    private const int SliceSize = 128 * 1024;

    private readonly MemoryStream _pending = new();
    private readonly Stream _compressor;
    private readonly IncrementalHash _tarHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _slice = new byte[SliceSize];
    private int _pendingOffset;
    private bool _tarEnded;
    private Digest? _uncompressedDigest;

    /// <param name="tar">The uncompressed layer; disposed with this stream.</param>
    /// <param name="tarLength">The tar's length, recorded in a zstd frame header.</param>
    public CompressingReadStream(Stream tar, long tarLength, LayerCompression compression) : base(tar)
    {
        _compressor = compression switch
        {
            LayerCompression.Gzip => new ReproducibleGzipStream(_pending),
            LayerCompression.Zstd => NewZstd(_pending, tarLength),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "a compressed layer needs gzip or zstd"),
        };
    }

    /// <summary>The SHA-256 of the tar read through this stream: known once the stream has been read to its end.</summary>
    public Digest UncompressedDigest => _uncompressedDigest ?? throw new InvalidOperationException("The layer has not been read to its end yet.");

    public override int Read(Span<byte> buffer)
    {
        while (PendingCount == 0 && !_tarEnded) Compress(Inner.Read(_slice));
        return TakePending(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (PendingCount == 0 && !_tarEnded) Compress(await Inner.ReadAsync(_slice, cancellationToken));
        return TakePending(buffer.Span);
    }

    private int PendingCount => (int)_pending.Length - _pendingOffset;

    /// <summary>Feeds one slice of tar to the compressor; zero bytes means the tar ended, which flushes the last frame.</summary>
    private void Compress(int read)
    {
        if (read == 0)
        {
            _tarEnded = true;
            _compressor.Dispose();
            _uncompressedDigest = Digest.FromSha256Hash(_tarHash.GetHashAndReset());
            return;
        }
        _tarHash.AppendData(_slice, 0, read);
        _compressor.Write(_slice, 0, read);
    }

    private int TakePending(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, PendingCount);
        _pending.GetBuffer().AsSpan(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        if (PendingCount == 0)
        {
            // Everything handed out: start the buffer over so it never grows past one slice's output.
            _pending.SetLength(0);
            _pendingOffset = 0;
        }
        return count;
    }

    private static ZstdSharp.CompressionStream NewZstd(Stream output, long tarLength)
    {
        var zstd = new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true);
        // The content size goes into the frame header; a fixed level and no worker threads keep the bytes the same everywhere.
        zstd.SetPledgedSrcSize((ulong)tarLength);
        return zstd;
    }

    /// <summary>A reader that stops early (a cancelled upload) leaves a frame short of its pledged size, which zstd refuses to end.</summary>
    private static void Abandon(Stream compressor)
    {
        try { compressor.Dispose(); }
        catch (ZstdSharp.ZstdException) { }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_tarEnded) Abandon(_compressor);
            _tarHash.Dispose();
            _pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
