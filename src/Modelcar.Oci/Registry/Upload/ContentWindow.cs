using System.Buffers;
using System.Security.Cryptography;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// The client's side of one blob upload: the content, read one window (a chunk) at a time into a pooled buffer, so
/// memory stays at one chunk per upload however large the layer. A window stays in memory until the registry holds
/// all of it, so a failed chunk goes again without reading the content again. Without a known digest, every byte
/// is hashed once, in order, whichever request sends it. Reading is where content longer or shorter than declared
/// is caught.
/// </summary>
internal sealed class ContentWindow : IAsyncDisposable
{
    private readonly ReopenableContent _content;
    private readonly byte[] _buffer;
    private readonly IncrementalHash? _hash;
    private readonly Digest? _knownDigest;
    private readonly long? _knownSize;
    private readonly string _repository;
    private Stream _stream;
    private long _hashed; // bytes of the content fed to the hash, in order

    /// <param name="stream">The content opened at byte 0; the window owns it from now on.</param>
    /// <param name="size">Bytes per window: the chunk, or one byte more than a smaller known size (reading that extra
    /// byte is how a stream longer than declared is caught).</param>
    public ContentWindow(ReopenableContent content, Stream stream, int size, Digest? knownDigest, long? knownSize, string repository)
    {
        _content = content;
        _stream = stream;
        Size = size;
        _buffer = ArrayPool<byte>.Shared.Rent(size);
        _hash = knownDigest is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        _knownDigest = knownDigest;
        _knownSize = knownSize;
        _repository = repository;
    }

    /// <summary>Bytes a window holds at most.</summary>
    public int Size { get; }

    /// <summary>The window holds content bytes [Start, Start + Count).</summary>
    public long Start { get; private set; }

    public int Count { get; private set; }

    /// <summary>The content ends where the window ends.</summary>
    public bool EndsContent { get; private set; }

    public byte[] Buffer => _buffer;

    public bool CanReopen => _content.CanReopen;

    /// <summary>The content's length when it is known without reading it (a layer stream knows its exact size).</summary>
    public long? KnownLength
    {
        get
        {
            if (_knownSize is not null) return _knownSize;
            try { return _stream.Length; } catch (NotSupportedException) { return null; }
        }
    }

    /// <summary>The digest given, or the one of every byte read (call once all of them are).</summary>
    public Digest Digest => _knownDigest ?? Digest.FromSha256Hash(_hash!.GetCurrentHash());

    /// <summary>Whether the registry's <paramref name="offset"/> is in the bytes still in memory.</summary>
    public bool Holds(long offset) => offset >= Start && offset <= Start + Count;

    /// <summary>When the registry holds the whole window, reads the next one from <paramref name="offset"/>.</summary>
    public async Task AdvanceAsync(long offset, CancellationToken ct)
    {
        if (offset != Start + Count || EndsContent) return;
        Start = offset;
        Count = await _stream.ReadAtLeastAsync(_buffer.AsMemory(0, Size), Size, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        EndsContent = Count < Size;
        long end = Start + Count;
        if (_knownSize is { } expected && end > expected) throw SizeMismatch(expected, "more");
        if (EndsContent && _knownSize is { } declared && end != declared) throw SizeMismatch(declared, "fewer");
        if (_hash is not null && end > _hashed)
        {
            int skip = (int)(_hashed - Start);
            _hash.AppendData(_buffer, skip, Count - skip);
            _hashed = end;
        }
    }

    /// <summary>The whole content as one request body, hashed as it goes out (<see cref="HashedThrough"/> then counts it).</summary>
    public HashingStreamContent WholeBody(long length, IProgress<long>? progress) => new(_stream, _hash, length, progress);

    /// <summary>The bytes <paramref name="body"/> fed to the hash, whether or not the registry kept them.</summary>
    public void HashedThrough(HashingStreamContent body) => _hashed = body.Hashed;

    /// <summary>The registry holds all <paramref name="length"/> bytes: nothing is left to read.</summary>
    public void EndAt(long length)
    {
        Start = length;
        EndsContent = true;
    }

    /// <summary>An empty window at <paramref name="offset"/>, the content re-read from there (the bytes in memory are not the ones needed).</summary>
    public async Task ReopenAtAsync(long offset, CancellationToken ct)
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = await _content.OpenAtAsync(offset, ct).ConfigureAwait(false);
        Start = offset;
        Count = 0;
        EndsContent = false;
    }

    private ModelcarException SizeMismatch(long declared, string moreOrFewer) =>
        new(ErrorCodes.BlobVerificationFailed,
            $"The content of {_knownDigest?.ToString() ?? "a blob"} for '{_repository}' has {moreOrFewer} bytes than the {declared} declared; the file changed while it was being pushed. Build the image again.");

    public async ValueTask DisposeAsync()
    {
        _hash?.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
