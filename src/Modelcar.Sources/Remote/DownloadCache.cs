using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace Modelcar.Sources.Remote;

/// <summary>
/// The shared download cache. One folder per (location, version) holds the verified file (<c>data</c>),
/// its sha256 (<c>data.sha256</c>), a partial download (<c>data.partial</c>) and a lock. A file whose entry
/// exists is not downloaded again; a partial file is resumed from its length with a ranged open.
/// </summary>
public sealed class DownloadCache(string directory, IModelcarLog log)
{
    /// <summary>Attempts per file; each one resumes where the last one stopped.</summary>
    internal const int MaxAttempts = 5;

    /// <summary>Files at least this big report progress as they download.</summary>
    private const long ProgressThreshold = 16L << 20;

    public string Directory { get; } = directory;

    /// <summary>A downloaded, verified file.</summary>
    public sealed record Entry(string Path, string Sha256);

    public async Task<Entry> GetAsync(IRemoteFileSource store, RemoteListing listing, RemoteFile file, CancellationToken cancellationToken)
    {
        string folder = EntryFolder(file);
        try
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelcarException(ErrorCodes.SourceCacheUnusable,
                $"Cannot create the download cache folder '{folder}': {e.Message} Set ModelcarSourceCache (or MODELCAR_CACHE) to a folder this build may write.", e);
        }
        string data = Path.Combine(folder, "data");
        string digestFile = data + ".sha256";
        await using CacheEntryLock _ = await CacheEntryLock.AcquireAsync(Path.Combine(folder, "lock"), file.Location, log, cancellationToken);

        if (TryHit(data, digestFile, file) is { } hit)
        {
            log.Detail($"{file.Location}: in the download cache, not downloaded.");
            return hit;
        }

        string partial = data + ".partial";
        await DownloadAsync(store, listing, file, partial, cancellationToken);
        string sha256 = await HashAsync(partial, cancellationToken);
        if (file.Sha256 is not null && !string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new ModelcarException(ErrorCodes.SourceChecksumMismatch,
                $"The file '{file.Location}' from '{listing.DisplayUri}' has sha256 {sha256}, but the source says {file.Sha256.ToLowerInvariant()}. The partial download was deleted; check the Sha256 metadata, or whether the file changed at the source, and build again.");
        }
        File.WriteAllText(digestFile, sha256);
        File.Move(partial, data, overwrite: true);
        return new Entry(data, sha256);
    }

    /// <summary>The entry's folder: a hash of the location and version, so no URL part becomes a path and a changed file gets a new entry.</summary>
    private string EntryFolder(RemoteFile file)
    {
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Location + "\n" + file.Version)));
        return Path.Combine(Directory, "files", key[..2], key[2..]);
    }

    private static Entry? TryHit(string data, string digestFile, RemoteFile file)
    {
        if (!File.Exists(data) || !File.Exists(digestFile)) return null;
        if (new FileInfo(data).Length != file.Size) return null;
        string recorded = File.ReadAllText(digestFile).Trim();
        if (recorded.Length != 64) return null;
        if (file.Sha256 is not null && !string.Equals(recorded, file.Sha256, StringComparison.OrdinalIgnoreCase)) return null;
        return new Entry(data, recorded);
    }

    private async Task DownloadAsync(IRemoteFileSource store, RemoteListing listing, RemoteFile file, string partial, CancellationToken cancellationToken)
    {
        // A partial file longer than the remote one cannot be resumed: it belongs to content that changed.
        if (File.Exists(partial) && new FileInfo(partial).Length > file.Size) File.Delete(partial);
        var progress = new DownloadProgress(file, log);
        for (int attempt = 1; ; attempt++)
        {
            long offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (offset == file.Size) return;
            if (offset > 0) log.Detail($"{file.Location}: resuming at byte {offset.ToString(CultureInfo.InvariantCulture)} of {file.Size.ToString(CultureInfo.InvariantCulture)}.");
            try
            {
                await using Stream source = await store.OpenReadAsync(listing, file, offset, cancellationToken);
                await using var target = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
                await CopyAsync(source, target, file.Size - offset, offset, progress, cancellationToken);
                if (target.Length < file.Size) throw new IOException($"the connection closed after {target.Length} of {file.Size} bytes");
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e, cancellationToken))
            {
                log.Info($"{file.Location}: download interrupted ({e.Message}); attempt {attempt + 1} of {MaxAttempts} resumes it.");
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                throw new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"Downloading '{file.Location}' from '{listing.DisplayUri}' failed {MaxAttempts} times (last: {e.Message}). The part already downloaded is kept in '{partial}' and the next build resumes it.", e);
            }
        }
    }

    private static async Task CopyAsync(Stream source, FileStream target, long remaining, long offset, DownloadProgress progress, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 20];
        while (true)
        {
            int read = await source.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            if (read > remaining)
            {
                throw new ModelcarException(ErrorCodes.SourceChecksumMismatch,
                    $"The file '{progress.File.Location}' is longer than the {progress.File.Size} bytes its source listed; it changed during the build. Build again.");
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
            offset += read;
            progress.Report(offset);
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested
        || e is TaskCanceledException && !cancellationToken.IsCancellationRequested; // an HttpClient timeout

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Logs each quarter of a big file, so a long download shows it is moving.</summary>
    private sealed class DownloadProgress(RemoteFile file, IModelcarLog log)
    {
        private int _quarter;

        public RemoteFile File => file;

        public void Report(long done)
        {
            if (file.Size < ProgressThreshold) return;
            int quarter = (int)(done * 4 / file.Size);
            if (quarter <= _quarter) return;
            _quarter = quarter;
            log.Info($"Downloading {file.RelativePath}: {quarter * 25}% of {ByteSize.Format(file.Size)}.");
        }
    }
}
