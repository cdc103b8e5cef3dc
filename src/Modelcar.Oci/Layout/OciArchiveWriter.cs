using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Layout;

/// <summary>
/// Writes an OCI image layout packed in a tar (an "OCI archive", what <c>skopeo copy oci-archive:</c>,
/// <c>podman load</c> and <c>ctr import</c> read) while the blobs stream in, reading each byte once.
/// </summary>
/// <remarks>
/// A blob's entry name is its digest, which is only known once its bytes have passed. Rather than hash the
/// data twice, the header is written with a placeholder name, the bytes streamed and hashed, and the header
/// rewritten in place. The archive is written to a temporary file next to the target and moved into place
/// only by <see cref="CommitAsync"/>; a failed or cancelled build leaves the previous archive as it was.
/// </remarks>
public sealed class OciArchiveWriter : IAsyncDisposable
{
    private const int CopyBufferSize = 1024 * 1024;
    private const string BlobDirectory = "blobs/sha256/";

    private readonly string _finalPath;
    private readonly string _temporaryPath;
    private readonly FileStream _archive;
    private readonly long _mtime;
    private readonly HashSet<Digest> _written = [];
    private readonly EarlyWriteback _writeback;
    private bool _committed;

    private OciArchiveWriter(string finalPath, long mtime)
    {
        _finalPath = Path.GetFullPath(finalPath);
        _temporaryPath = $"{_finalPath}.{Guid.NewGuid():N}.tmp";
        _mtime = mtime;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_finalPath)!);
            _archive = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            _writeback = new EarlyWriteback(_archive.SafeFileHandle);
        }
        catch (Exception e) when (ArchiveOutputErrors.Translate(e, _finalPath, 0) is { } coded)
        {
            throw coded;
        }
    }

    public string FinalPath => _finalPath;

    public static async Task<OciArchiveWriter> CreateAsync(string path, long mtime, CancellationToken cancellationToken)
    {
        var writer = new OciArchiveWriter(path, mtime);
        try
        {
            await writer.CodedAsync(async () =>
            {
                await writer.WriteEntryAsync(TarEntry.Directory("blobs/"), ReadOnlyMemory<byte>.Empty, cancellationToken);
                await writer.WriteEntryAsync(TarEntry.Directory(BlobDirectory), ReadOnlyMemory<byte>.Empty, cancellationToken);
            });
            return writer;
        }
        catch
        {
            // The caller never gets the writer, so it cannot dispose it: remove the temporary file here.
            await writer.DisposeAsync();
            throw;
        }
    }

    public bool Contains(Digest digest) => _written.Contains(digest);

    /// <summary>Streams <paramref name="size"/> bytes into the archive and returns their digest.</summary>
    public Task<Digest> AddBlobAsync(Stream content, long size, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CodedAsync(() => AddStreamedBlobAsync(content, size, progress, cancellationToken));

    /// <summary>A full disk or a read-only folder becomes its coded error (the temporary file goes on dispose).</summary>
    private async Task<T> CodedAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (ArchiveOutputErrors.Translate(e, _finalPath, SafePosition()) is { } coded)
        {
            throw coded;
        }
    }

    private Task CodedAsync(Func<Task> write) => CodedAsync(async () => { await write(); return true; });

    private long SafePosition()
    {
        try { return _archive.Position; } catch (ObjectDisposedException) { return 0; }
    }

    private async Task<Digest> AddStreamedBlobAsync(Stream content, long size, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long headerOffset = _archive.Position;
        var placeholder = TarEntry.File(BlobDirectory + new string('0', 64), size);
        await _archive.WriteAsync(TarHeaderWriter.Write(placeholder, _mtime), cancellationToken);

        Digest digest = await CopyHashedAsync(content, size, progress, cancellationToken);
        if (!_written.Add(digest))
        {
            // The same blob twice (two identical layers): keep the first copy only.
            _archive.SetLength(headerOffset);
            _archive.Position = headerOffset;
            return digest;
        }
        await _archive.WriteAsync(new byte[TarHeaderWriter.PaddingLength(size)], cancellationToken);
        long end = _archive.Position;

        _archive.Position = headerOffset;
        var named = placeholder with { Path = BlobDirectory + digest.Encoded };
        await _archive.WriteAsync(TarHeaderWriter.Write(named, _mtime), cancellationToken);
        _archive.Position = end;
        return digest;
    }

    /// <summary>Adds a small blob already in memory (a config or manifest) whose digest is known.</summary>
    public Task AddBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!_written.Add(digest)) return Task.CompletedTask;
        return CodedAsync(() => WriteEntryAsync(TarEntry.File(BlobDirectory + digest.Encoded, content.Length), content, cancellationToken));
    }

    /// <summary>Writes <c>oci-layout</c> and <c>index.json</c>, ends the tar and moves it into place.</summary>
    public Task CommitAsync(ImageIndex index, CancellationToken cancellationToken) => CodedAsync(() => CommitCoreAsync(index, cancellationToken));

    private async Task CommitCoreAsync(ImageIndex index, CancellationToken cancellationToken)
    {
        await WriteEntryAsync(TarEntry.File("oci-layout", 0), """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), cancellationToken);
        await WriteEntryAsync(TarEntry.File("index.json", 0), OciJson.Serialize(index), cancellationToken);
        await _archive.WriteAsync(new byte[LayerContent.EndOfArchiveLength], cancellationToken);
        await _archive.FlushAsync(cancellationToken);
        _archive.Flush(flushToDisk: true);
        await _archive.DisposeAsync();
        File.Move(_temporaryPath, _finalPath, overwrite: true);
        _committed = true;
    }

    private async Task WriteEntryAsync(TarEntry entry, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        entry = entry with { Size = content.Length };
        await _archive.WriteAsync(TarHeaderWriter.Write(entry, _mtime), cancellationToken);
        if (content.Length == 0) return;
        await _archive.WriteAsync(content, cancellationToken);
        await _archive.WriteAsync(new byte[TarHeaderWriter.PaddingLength(content.Length)], cancellationToken);
    }

    /// <remarks>
    /// The layer's hash and the write run on a second core while the next block is read (and its model file
    /// hashed, for image.json): see <see cref="OverlappedCopy"/>.
    /// The disk starts writing each block's pages soon after (<see cref="EarlyWriteback"/>).
    /// </remarks>
    private async Task<Digest> CopyHashedAsync(Stream content, long size, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long copied = await OverlappedCopy.CopyAsync(content, CopyBufferSize, block =>
        {
            hash.AppendData(block.Span);
            _archive.Write(block.Span);
            _writeback.Written(_archive.Position);
        }, progress, cancellationToken);
        if (copied != size)
        {
            throw new ModelcarException(ErrorCodes.ArchiveWriteFailed,
                $"A blob for '{_finalPath}' had {copied} bytes where {size} were expected. Nothing was written; run the build again.");
        }
        return Digest.FromSha256Hash(hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed) return;
        try
        {
            await _archive.DisposeAsync();
        }
        catch (IOException)
        {
            // A full disk can fail the final flush too; the file is deleted below either way.
        }
        try { File.Delete(_temporaryPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
