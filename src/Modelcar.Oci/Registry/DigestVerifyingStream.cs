using System.Security.Cryptography;
using Modelcar.IO;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// A read-only view of a blob download that hashes as it is read and fails at the end if the bytes are not the
/// blob that was asked for, so a streamed blob is verified without a second pass. It reads a
/// <see cref="ResumableBlobStream"/>, so the hash covers the whole blob however many requests brought it.
/// </summary>
internal sealed class DigestVerifyingStream(Stream inner, Digest expected, string registry) : ForwardReadStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(BlobDigests.HashAlgorithm(expected));
    private long _position;
    private bool _verified;

    public override long Length => Inner.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        Observe(buffer[..read], buffer.Length);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read], buffer.Length);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> data, int requested)
    {
        _hash.AppendData(data);
        _position += data.Length;
        if (data.Length > 0 || requested == 0 || _verified) return;
        _verified = true;
        var actual = BlobDigests.FromHash(expected.Algorithm, _hash.GetHashAndReset());
        if (actual != expected)
        {
            throw BlobDigests.Mismatch(registry, expected, actual);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
