using System.Diagnostics;

namespace Modelcar.Sources.Tests;

/// <summary>Special files are classified by type before anything opens them (a FIFO would block the open).</summary>
[TestClass]
public sealed class LocalModelFilesSpecialTests
{
    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public void Fifo_IsRefusedAtPlanTime_WithoutOpeningIt()
    {
        using var project = new TempProject();
        string fifo = Path.Combine(project.ProjectDirectory, "pipe");
        using (Process mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        Assert.IsTrue(File.Exists(fifo), "mkfifo made the pipe");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([new ModelFileSpec("pipe", "pipe", "pipe")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.ModelFileUnreadable, e.Code);
        StringAssert.Contains(e.Message, "is a named pipe (FIFO), not a regular file");
    }

    [TestMethod]
    public void RegularFile_IsRegular_AndDevNullIsACharacterDevice()
    {
        using var project = new TempProject();
        string file = project.Write("weights.bin", 3);

        Assert.AreEqual(UnixFileType.Kind.Regular, UnixFileType.Of(file));
        Assert.AreEqual(UnixFileType.Kind.CharacterDevice, UnixFileType.Of("/dev/null"));
    }

    [TestMethod]
    public void MissingPathWithBackslashNamedFile_IsFound()
    {
        using var project = new TempProject();
        string file = project.Write("model/back\\slash.txt", 1);

        Assert.AreEqual(file, BackslashNames.Find(Path.Combine(project.ProjectDirectory, "model", "back", "slash.txt")));
        Assert.IsNull(BackslashNames.Find(Path.Combine(project.ProjectDirectory, "model", "other.txt")));
    }
}
