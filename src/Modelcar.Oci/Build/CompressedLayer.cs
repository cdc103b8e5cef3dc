using System.Security.Cryptography;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build;

/// <summary>
/// A planned layer compressed, measured before a byte of it is sent: a registry is then asked for the compressed
/// digest first (a HEAD), and an archive is told the size up front. Measuring is a first pass through the
/// compressor; small layers keep that pass's bytes in memory, larger ones are compressed again when sent (the
/// output is reproducible, and the second pass is checked against the first by its digest).
/// </summary>
public sealed class CompressedLayer
{
    /// <summary>Compressed layers up to this size are sent from the measuring pass's bytes instead of a second pass.</summary>
    public const int KeepInMemoryLimit = 16 * 1024 * 1024;

    /// <summary>Compression pays when it saves at least a tenth of the layer; otherwise the plain tar is simpler to pull.</summary>
    public const double MaxPayingRatio = 0.9;

    private readonly LayerContent _content;
    private readonly byte[]? _bytes;

    private CompressedLayer(LayerContent content, LayerCompression compression, Digest digest, long size, Digest diffId, byte[]? bytes)
    {
        _content = content;
        _bytes = bytes;
        Compression = compression;
        Descriptor = new Descriptor { MediaType = compression.MediaType(), Digest = digest, Size = size };
        DiffId = diffId;
    }

    public LayerCompression Compression { get; }

    /// <summary>The compressed blob as the manifest names it.</summary>
    public Descriptor Descriptor { get; }

    /// <summary>The digest of the uncompressed tar, which the image config lists.</summary>
    public Digest DiffId { get; }

    /// <summary>The plain tar's length: what progress counts, so that compressed and plain layers add up to the publish's total.</summary>
    public long PlainLength => _content.Length;

    /// <summary>Whether the compressed blob is small enough, against the plain tar, to be worth using.</summary>
    public bool Pays => Descriptor.Size <= _content.Length * MaxPayingRatio;

    /// <summary>Compresses the layer once to learn its digest and size (and its diff_id on the way).</summary>
    public static async Task<CompressedLayer> MeasureAsync(LayerContent content, LayerCompression compression, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var kept = new MemoryStream();
        bool keep = true;
        long size = 0;
        await using var compressed = new CompressingReadStream(content.OpenRead(), content.Length, compression);
        byte[] buffer = new byte[128 * 1024];
        for (int read; (read = await compressed.ReadAsync(buffer, cancellationToken)) > 0;)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
            keep = keep && size <= KeepInMemoryLimit;
            if (keep) kept.Write(buffer, 0, read);
        }
        return new CompressedLayer(content, compression, Digest.FromSha256Hash(hash.GetHashAndReset()), size, compressed.UncompressedDigest,
            keep ? kept.ToArray() : null);
    }

    /// <summary>The compressed bytes from the start: the measured ones, or a fresh pass through the compressor.</summary>
    public Stream OpenRead() => _bytes is not null
        ? new MemoryStream(_bytes, writable: false)
        : new CompressingReadStream(_content.OpenRead(), _content.Length, Compression);

    /// <summary>For the log: <c>zstd, 1.2 MiB from 4.8 MiB</c>.</summary>
    public string Summary => $"{Compression.Name()}, {ByteSize.Format(Descriptor.Size)} from {ByteSize.Format(_content.Length)}";
}
