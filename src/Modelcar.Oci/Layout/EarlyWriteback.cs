using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Modelcar.Oci.Layout;

/// <summary>
/// Asks Linux to start writing an archive's pages to disk as they are produced, so that the flush before the archive
/// is moved into place waits for the last few MiB instead of the whole archive.
/// </summary>
/// <remarks>
/// A multi-GiB archive stays under the kernel's background writeback threshold (10 % of memory by default), so
/// without a hint none of it reaches the disk until the final flush, which then costs about 1 s per 2 GiB, on the
/// build's clock, after every byte has been hashed. <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c> only starts the
/// writeback of a range and returns: durability still comes from that final flush, unchanged. A hint: any failure,
/// or another OS, just leaves the flush to do all of it.
/// </remarks>
internal sealed class EarlyWriteback(SafeFileHandle file)
{
    /// <summary>Often enough that little is left for the final flush, rarely enough that the calls cost nothing.</summary>
    private const long Stride = 16 * 1024 * 1024;
    private const uint SyncFileRangeWrite = 2;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    private long _requestedUpTo;
    private bool _refused;

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);

    /// <summary>The archive's bytes up to <paramref name="end"/> have been written.</summary>
    public void Written(long end)
    {
        if (s_unavailable || _refused || end - _requestedUpTo < Stride) return;
        try
        {
            // A file system that does not support it says so once; the flush alone writes this archive then.
            _refused = SyncFileRange(file, _requestedUpTo, end - _requestedUpTo, SyncFileRangeWrite) != 0;
            _requestedUpTo = end;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
    }
}
