
namespace Modelcar.Sources.Remote;

/// <summary>
/// An exclusive lock on one cache entry, held across processes: .NET maps <see cref="FileShare.None"/> to an
/// advisory lock (flock on Unix), so a second build that wants the same file waits for the first to finish it.
/// </summary>
internal sealed class CacheEntryLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private CacheEntryLock(FileStream stream) => _stream = stream;

    public static async Task<CacheEntryLock> AcquireAsync(string path, string what, IModelcarLog log, CancellationToken cancellationToken)
    {
        bool told = false;
        while (true)
        {
            try
            {
                return new CacheEntryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!told)
                {
                    log.Info($"Waiting for another build that is downloading {what} into the same cache.");
                    told = true;
                }
                await Task.Delay(250, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelcarException(ErrorCodes.SourceCacheUnusable,
                    $"Cannot lock '{path}' in the download cache: {e.Message} Set ModelcarSourceCache (or MODELCAR_CACHE) to a folder this build may write.", e);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
