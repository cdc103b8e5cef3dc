using System.Text.RegularExpressions;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// The OCI archive (no ContainerRegistry) on a real 50 MiB tmpfs that the model does not fit, and on a read-only
/// mount: coded errors naming the path and the bytes, never MODELCAR099, and nothing left on the disk.
/// </summary>
[TestClass]
public sealed partial class ArchiveDiskTests
{
    private static ModelProject Project(string name, string archivePath)
    {
        var project = new ModelProject(name, $"""
                <ContainerRepository>acme/disk</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>onnx</KServeModelFormat>
                <ContainerArchiveOutputPath>{archivePath}</ContainerArchiveOutputPath>
            """);
        return project;
    }

    [TestMethod]
    public void Publish_ArchiveBiggerThanTheFreeSpace_FailsBeforeWriting_WithTheBytesNeededAndFree()
    {
        using ScratchMount disk = ScratchMount.Tmpfs(50);
        string archive = Path.Combine(disk.Path, "big.oci.tar");
        ModelProject project = Project("diskfull", archive);
        project.AddRandomFile("weights.bin", 60 * 1024 * 1024);

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        Match error = DiskFullError().Match(publish.Output);
        Assert.IsTrue(error.Success, publish.Output);
        Assert.AreEqual(archive, error.Groups["path"].Value);
        Assert.AreEqual(disk.Path, error.Groups["folder"].Value);
        Assert.IsGreaterThan(60L * 1024 * 1024, long.Parse(error.Groups["needed"].Value), "it needs at least the model's bytes");
        Assert.AreEqual(50L * 1024 * 1024, long.Parse(error.Groups["free"].Value), "the empty 50 MiB tmpfs is all free");
        Assert.DoesNotContain("MODELCAR099", publish.Output);
        Assert.IsEmpty(Directory.GetFileSystemEntries(disk.Path), "nothing is left on the disk");
    }

    [TestMethod]
    public void Publish_ArchiveIntoAReadOnlyFolder_IsCoded_AndWritesNothing()
    {
        using ScratchMount disk = ScratchMount.Tmpfs(10, readOnly: true); // room enough: the refusal is the read-only mount's
        string archive = Path.Combine(disk.Path, "ro.oci.tar");
        ModelProject project = Project("readonly", archive);
        project.AddRandomFile("weights.bin", 1000);

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, $"error MODELCAR058: Cannot write the OCI archive '{archive}': the folder '{disk.Path}' is read-only or the build user may not write it (");
        StringAssert.Contains(publish.Output, "). Nothing was written. Set ContainerArchiveOutputPath to a writable folder, or publish to a registry with ContainerRegistry.");
        Assert.DoesNotContain("MODELCAR099", publish.Output);
        Assert.IsEmpty(Directory.GetFileSystemEntries(disk.Path));
    }

    [GeneratedRegex(@"error MODELCAR057: Not enough free space for the OCI archive '(?<path>[^']+)': it needs (?<needed>\d+) bytes \([^)]*\) and '(?<folder>[^']+)' has (?<free>\d+) bytes \([^)]*\) free\. Nothing was written\. Free space there, or set ContainerArchiveOutputPath to a folder on a disk with room\.")]
    private static partial Regex DiskFullError();
}
