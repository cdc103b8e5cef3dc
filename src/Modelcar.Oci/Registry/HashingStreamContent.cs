using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Modelcar.Oci.Registry;

/// <summary>
/// A request body read straight from a stream of known length: each piece is hashed as it goes out, so a blob sent
/// in one request is still read exactly once. It can be sent only once (the stream moves on); the upload that owns
/// the stream disposes it, not this content.
/// </summary>
internal sealed class HashingStreamContent : HttpContent
{
    private const int PieceSize = 1024 * 1024;
    private readonly Stream _source;
    private readonly IncrementalHash? _hash;
    private readonly long _length;
    private readonly IProgress<long>? _progress;
    private readonly long _progressBase;
    private int _sent;

    public HashingStreamContent(Stream source, IncrementalHash? hash, long length, IProgress<long>? progress, long progressBase = 0)
    {
        _source = source;
        _hash = hash;
        _length = length;
        _progress = progress;
        _progressBase = progressBase;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Bytes read from the source and fed to the hash so far (whether or not the registry kept them).</summary>
    public long Hashed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) == 1)
        {
            throw new InvalidOperationException("A streamed request body cannot be sent twice.");
        }
        byte[] piece = ArrayPool<byte>.Shared.Rent(PieceSize);
        try
        {
            long remaining = _length;
            while (remaining > 0)
            {
                int read = await _source.ReadAtLeastAsync(piece.AsMemory(0, (int)Math.Min(PieceSize, remaining)), 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new IOException($"The content ended {remaining} bytes before its declared length.");
                _hash?.AppendData(piece, 0, read);
                Hashed += read;
                remaining -= read;
                await stream.WriteAsync(piece.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                _progress?.Report(_progressBase + Hashed);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
