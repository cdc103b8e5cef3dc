using System.Security.Cryptography;
using Modelcar.IO;

namespace Modelcar.Sources.Remote;

/// <summary>
/// Streaming mode's check: hashes a remote file's bytes as the layer writer reads them and, when the last of
/// its listed bytes has been read, fails that read with MODELCAR024 if they do not have the sha256 the source
/// published. The layer upload then fails, so no manifest names the wrong content.
/// </summary>
internal sealed class Sha256VerifyingStream(Stream inner, RemoteFile file, string displayUri) : ForwardReadStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _expected = file.Sha256!.ToLowerInvariant();
    private long _read;
    private bool _verified;

    public override long Length => file.Size;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer) => Verify(buffer, Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count = await Inner.ReadAsync(buffer, cancellationToken);
        return Verify(buffer.Span, count);
    }

    private int Verify(Span<byte> buffer, int count)
    {
        if (_verified) return count; // Bytes past the listed size: the layer writer reports the size change itself.
        int counted = (int)Math.Min(count, file.Size - _read);
        _hash.AppendData(buffer[..counted]);
        _read += counted;
        if (_read < file.Size) return count;
        _verified = true;
        string actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != _expected)
        {
            throw new ModelcarException(ErrorCodes.SourceChecksumMismatch,
                $"The streamed file '{file.Location}' from '{displayUri}' has sha256 {actual}, but the source says {_expected}. Nothing was published; check the Sha256 metadata, or whether the file changed at the source, and publish again.");
        }
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
