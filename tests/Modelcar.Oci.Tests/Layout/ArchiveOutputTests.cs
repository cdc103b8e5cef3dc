using Modelcar.Oci.Layout;

namespace Modelcar.Oci.Tests.Layout;

/// <summary>
/// The OCI archive on a disk without room or a read-only folder, on real (tmpfs) mounts: coded errors that name the
/// path and the bytes, and no partial archive left behind.
/// </summary>
[TestClass]
public sealed class ArchiveOutputTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void FreeSpaceCheck_NamesThePathTheBytesNeededAndFree()
    {
        using ScratchMount disk = ScratchMount.Tmpfs(1);
        string archive = Path.Combine(disk.Path, "model.oci.tar");

        var e = Assert.ThrowsExactly<ModelcarException>(() => ArchiveOutputErrors.CheckFreeSpace(archive, 3 * 1024 * 1024));

        Assert.AreEqual(ErrorCodes.ArchiveDiskFull, e.Code);
        Assert.AreEqual(
            $"Not enough free space for the OCI archive '{archive}': it needs 3145728 bytes (3.0 MiB) and '{disk.Path}' has 1048576 bytes (1.0 MiB) free. Nothing was written. Free space there, or set ContainerArchiveOutputPath to a folder on a disk with room.",
            e.Message);
        ArchiveOutputErrors.CheckFreeSpace(archive, 1000); // what fits passes
    }

    [TestMethod]
    public async Task DiskFillingUpMidWrite_IsCoded_AndLeavesNothing()
    {
        using ScratchMount disk = ScratchMount.Tmpfs(1);
        string archive = Path.Combine(disk.Path, "model.oci.tar");
        byte[] blob = new byte[2 * 1024 * 1024];

        ModelcarException e;
        await using (OciArchiveWriter writer = await OciArchiveWriter.CreateAsync(archive, 0, TestContext.CancellationToken))
        {
            // The writer itself checks nothing up front: this is the ENOSPC path, as when the disk fills from elsewhere.
            e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => writer.AddBlobAsync(new MemoryStream(blob), blob.Length, null, TestContext.CancellationToken));
        }

        Assert.AreEqual(ErrorCodes.ArchiveDiskFull, e.Code);
        StringAssert.StartsWith(e.Message, $"The disk filled up while writing the OCI archive '{archive}' after ");
        StringAssert.EndsWith(e.Message, "The partial archive was deleted. Free space there, or set ContainerArchiveOutputPath to a folder on a disk with room.");
        Assert.IsEmpty(Directory.GetFileSystemEntries(disk.Path), "no partial archive is left behind");
    }

    [TestMethod]
    public async Task ReadOnlyFolder_IsCoded()
    {
        using ScratchMount disk = ScratchMount.Tmpfs(1, readOnly: true);
        string archive = Path.Combine(disk.Path, "model.oci.tar");

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => OciArchiveWriter.CreateAsync(archive, 0, TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.ArchiveOutputNotWritable, e.Code);
        StringAssert.StartsWith(e.Message, $"Cannot write the OCI archive '{archive}': the folder '{disk.Path}' is read-only or the build user may not write it (");
        StringAssert.EndsWith(e.Message, "). Nothing was written. Set ContainerArchiveOutputPath to a writable folder, or publish to a registry with ContainerRegistry.");
        Assert.IsEmpty(Directory.GetFileSystemEntries(disk.Path));
    }
}
