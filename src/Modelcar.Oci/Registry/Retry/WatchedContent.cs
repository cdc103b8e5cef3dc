using System.Net;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// A request body that tells a <see cref="ProgressWatchdog"/> each time a slice of it reaches the socket. The slices
/// are small (64 KiB) so that progress is seen even when one chunk takes minutes on a slow link.
/// </summary>
internal sealed class WatchedContent : HttpContent
{
    private const int SliceSize = 64 * 1024;
    private readonly HttpContent _inner;
    private readonly ProgressWatchdog _watchdog;

    public WatchedContent(HttpContent inner, ProgressWatchdog watchdog)
    {
        _inner = inner;
        _watchdog = watchdog;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] slice = new byte[SliceSize];
        int read;
        while ((read = await source.ReadAsync(slice, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await stream.WriteAsync(slice.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            _watchdog.Touch();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
