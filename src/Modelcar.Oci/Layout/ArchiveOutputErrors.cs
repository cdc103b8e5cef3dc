using System.Globalization;

namespace Modelcar.Oci.Layout;

/// <summary>
/// The archive's disk, checked before writing and named when writing fails: a full disk (the most common CI
/// failure for models) or a read-only folder is the environment, not a bug, so it gets a code, the path, and the
/// bytes needed and free.
/// </summary>
public static class ArchiveOutputErrors
{
    /// <summary>Fails with MODELCAR057 when the archive's folder has less free space than <paramref name="neededBytes"/>.</summary>
    public static void CheckFreeSpace(string archivePath, long neededBytes)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(archivePath))!;
        long? free = FreeBytes(folder);
        if (free is { } available && available < neededBytes)
        {
            throw new ModelcarException(ErrorCodes.ArchiveDiskFull,
                $"Not enough free space for the OCI archive '{Path.GetFullPath(archivePath)}': it needs {Bytes(neededBytes)} and '{folder}' has {Bytes(available)} free. Nothing was written. Free space there, or set ContainerArchiveOutputPath to a folder on a disk with room.");
        }
    }

    /// <summary>The coded error for an I/O failure while writing the archive, or null when it is neither a full disk nor a refused write.</summary>
    public static ModelcarException? Translate(Exception e, string archivePath, long writtenBytes)
    {
        string path = Path.GetFullPath(archivePath);
        string folder = Path.GetDirectoryName(path)!;
        if (IsDiskFull(e))
        {
            string free = FreeBytes(folder) is { } available ? Bytes(available) : "no space";
            return new ModelcarException(ErrorCodes.ArchiveDiskFull,
                $"The disk filled up while writing the OCI archive '{path}' after {Bytes(writtenBytes)} ('{folder}' has {free} free). The partial archive was deleted. Free space there, or set ContainerArchiveOutputPath to a folder on a disk with room.", e);
        }
        if (e is UnauthorizedAccessException || IsReadOnlyFileSystem(e))
        {
            return new ModelcarException(ErrorCodes.ArchiveOutputNotWritable,
                $"Cannot write the OCI archive '{path}': the folder '{folder}' is read-only or the build user may not write it ({e.Message}). Nothing was written. Set ContainerArchiveOutputPath to a writable folder, or publish to a registry with ContainerRegistry.", e);
        }
        return null;
    }

    /// <summary>Free bytes for this user on the file system holding <paramref name="folder"/> (statvfs), or null when it cannot be told.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            string existing = folder;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
            return new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({ByteSize.Format(bytes)})");

    // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.
    private static bool IsDiskFull(Exception e) =>
        e is IOException && (e.HResult & 0xFFFF) is 28 or 122 or 112 or 39;

    // EROFS (30): a read-only mount; chmod-style refusals come as UnauthorizedAccessException.
    private static bool IsReadOnlyFileSystem(Exception e) => e is IOException && (e.HResult & 0xFFFF) == 30;
}
