namespace Modelcar.Oci.Tar;

/// <summary>
/// A read-only, forward-only stream that produces a layer's tar on the fly: headers from memory, file bytes
/// straight from disk. No temporary copy of a model file is ever made; each byte is read once.
/// </summary>
/// <remarks>
/// A file that changed size since the layer was planned would corrupt the archive's framing, so it fails
/// the read with a clear error instead of producing a wrong image.
/// </remarks>
internal sealed class LayerStream : Stream
{
    private readonly LayerContent _content;
    private int _entryIndex = -1;
    private ReadOnlyMemory<byte> _pending = ReadOnlyMemory<byte>.Empty;
    private Stream? _file;
    private System.Security.Cryptography.IncrementalHash? _fileHash;
    private long _fileRemaining;
    private int _paddingRemaining;
    private bool _trailerWritten;
    private long _position;

    public LayerStream(LayerContent content) => _content = content;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _content.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = ReadSome(destination[total..]);
            if (read == 0) break;
            total += read;
        }
        _position += total;
        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(destination.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int ReadSome(Span<byte> destination)
    {
        if (!_pending.IsEmpty)
        {
            int n = Math.Min(_pending.Length, destination.Length);
            _pending.Span[..n].CopyTo(destination);
            _pending = _pending[n..];
            return n;
        }
        if (_file is not null)
        {
            if (_fileRemaining > 0)
            {
                int want = (int)Math.Min(_fileRemaining, destination.Length);
                int n = _file.Read(destination[..want]);
                if (n == 0) throw FileChanged(_content.Entries[_entryIndex], "it became shorter");
                _fileHash!.AppendData(destination[..n]);
                _fileRemaining -= n;
                return n;
            }
            if (_file.ReadByte() != -1) throw FileChanged(_content.Entries[_entryIndex], "it became longer");
            _file.Dispose();
            _file = null;
            // The whole file passed through: its digest is known without reading it again (image.json's files[].sha256).
            _content.FileDigests.Set(_content.Entries[_entryIndex].Path, Convert.ToHexStringLower(_fileHash!.GetHashAndReset()));
        }
        if (_paddingRemaining > 0)
        {
            int n = Math.Min(_paddingRemaining, destination.Length);
            destination[..n].Clear();
            _paddingRemaining -= n;
            return n;
        }
        if (_entryIndex + 1 < _content.Entries.Count)
        {
            StartEntry(_content.Entries[++_entryIndex]);
            return ReadSome(destination);
        }
        if (!_trailerWritten)
        {
            _trailerWritten = true;
            _pending = new byte[LayerContent.EndOfArchiveLength];
            return ReadSome(destination);
        }
        return 0;
    }

    private void StartEntry(TarEntry entry)
    {
        _pending = TarHeaderWriter.Write(entry, _content.Mtime);
        if (entry.Kind != TarEntryKind.File) return;
        _file = OpenSource(entry);
        _fileHash ??= System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        _fileHash.GetHashAndReset(); // a fresh start for this file
        _fileRemaining = entry.Size;
        _paddingRemaining = TarHeaderWriter.PaddingLength(entry.Size);
    }

    private static Stream OpenSource(TarEntry entry) => entry.Source switch
    {
        StreamedFile streamed => streamed.Open(), // its store reports its own errors
        LocalFile local => OpenLocal(local),
        _ => throw new InvalidOperationException($"The layer entry '{entry.Path}' has no bytes to read."),
    };

    private static FileStream OpenLocal(LocalFile file)
    {
        try
        {
            // Sequential-scan hint: the kernel reads ahead and drops pages behind, so the page cache
            // does not fill with a model that will not be read again.
            return new FileStream(file.Path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelcarException(ErrorCodes.ModelFileUnreadable,
                $"Cannot read model file '{file.Path}': {e.Message} Check that it exists and that the build user may read it.", e);
        }
    }

    private static ModelcarException FileChanged(TarEntry entry, string how) =>
        new(ErrorCodes.ModelFileChanged,
            $"Model file '{entry.Source?.Name}' changed while the image was being built ({how} than the {entry.Size} bytes planned). Nothing was published; run the publish again once the file is stable.");

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _fileHash?.Dispose();
        }
        base.Dispose(disposing);
    }
}
