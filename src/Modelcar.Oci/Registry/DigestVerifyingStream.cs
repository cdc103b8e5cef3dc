using System.Security.Cryptography;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// A read-only view of a blob download that hashes as it is read and fails at the end if the bytes are not the
/// blob that was asked for, so a streamed blob is verified without a second pass. Owns the HTTP response.
/// </summary>
internal sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly HttpResponseMessage _response;
    private readonly Digest _expected;
    private readonly string _registry;
    private readonly IncrementalHash _hash;
    private readonly TimeSpan _noProgressTimeout;
    private long _position;
    private bool _verified;

    public DigestVerifyingStream(Stream inner, HttpResponseMessage response, Digest expected, string registry, TimeSpan? noProgressTimeout = null)
    {
        _noProgressTimeout = noProgressTimeout ?? Timeout.InfiniteTimeSpan;
        _inner = inner;
        _response = response;
        _expected = expected;
        _registry = registry;
        _hash = IncrementalHash.CreateHash(BlobDigests.HashAlgorithm(expected));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _response.Content.Headers.ContentLength ?? throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        Observe(buffer[..read], buffer.Length);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// A read that brings no byte within the no-progress timeout fails (RegistryUnreachable) instead of waiting
    /// forever on a download that stalled after its headers arrived.
    /// </summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(_noProgressTimeout);
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryErrors.Unreachable(_registry, new Retry.NoProgressException(_noProgressTimeout), $"downloading {_expected}");
        }
        Observe(buffer.Span[..read], buffer.Length);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> data, int requested)
    {
        _hash.AppendData(data);
        _position += data.Length;
        if (data.Length > 0 || requested == 0 || _verified) return;
        _verified = true;
        var actual = BlobDigests.FromHash(_expected.Algorithm, _hash.GetHashAndReset());
        if (actual != _expected)
        {
            throw BlobDigests.Mismatch(_registry, _expected, actual);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _response.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
