using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Tar;


namespace Modelcar.Oci.Tests.Build.BaseImages;

[TestClass]
public sealed class BaseImageFileTreeTests
{
    private static LayerFileEntry File(string path, int mode = 0x1ED) => new(path, '0', "", mode);
    private static LayerFileEntry Dir(string path) => new(path, '5', "", 0x1ED);
    private static LayerFileEntry Symlink(string path, string target) => new(path, '2', target, 0x1FF);
    private static LayerFileEntry HardLink(string path, string target) => new(path, '1', target, 0x1ED);

    [TestMethod]
    public void Resolve_FollowsLinkedDirectories_AndRelativeAndAbsoluteLinks()
    {
        var tree = new BaseImageFileTree();
        // A merged-/usr image: /bin is a link to usr/bin; sh is an absolute link, ln a relative one.
        tree.ApplyLayer([Dir("usr"), Dir("usr/bin"), File("usr/bin/busybox"), Symlink("bin", "usr/bin"),
            Symlink("usr/bin/sh", "/bin/busybox"), Symlink("usr/bin/ln", "../bin/./busybox"), HardLink("usr/bin/ls", "usr/bin/busybox")]);

        Assert.IsTrue(tree.IsExecutable("/bin/sh"));
        Assert.IsTrue(tree.IsExecutable("/bin/ln"));
        Assert.IsTrue(tree.IsExecutable("/bin/ls"));
        Assert.IsFalse(tree.IsExecutable("/bin/sleep"));
        Assert.IsFalse(tree.IsExecutable("/usr"), "a directory is not a command");
    }

    [TestMethod]
    public void Resolve_DanglingOrLoopingLinks_AndNonExecutableFiles_AreNotCommands()
    {
        var tree = new BaseImageFileTree();
        tree.ApplyLayer([Dir("bin"), Symlink("bin/a", "b"), Symlink("bin/b", "a"), Symlink("bin/gone", "/nowhere"), File("bin/data", mode: 0x1A4),
            File("bin/file"), Symlink("bin/through", "file/x")]);

        Assert.IsFalse(tree.IsExecutable("/bin/a"));
        Assert.IsFalse(tree.IsExecutable("/bin/gone"));
        Assert.IsFalse(tree.IsExecutable("/bin/data"));
        Assert.IsFalse(tree.IsExecutable("/bin/through"), "a file is not a directory");
        Assert.IsTrue(tree.IsExecutable("/bin/file"));
    }

    [TestMethod]
    public void Whiteouts_HideWhatLowerLayersHold()
    {
        var tree = new BaseImageFileTree();
        tree.ApplyLayer([Dir("bin"), File("bin/sleep"), File("bin/sh"), Dir("opt"), Dir("opt/tools"), File("opt/tools/ls")]);
        tree.ApplyLayer([File("bin/.wh.sleep"), Dir("opt/tools"), File("opt/tools/.wh..wh..opq"), File("opt/tools/mkdir")]);

        Assert.IsFalse(tree.IsExecutable("/bin/sleep"), "removed by a whiteout");
        Assert.IsTrue(tree.IsExecutable("/bin/sh"));
        Assert.IsFalse(tree.IsExecutable("/opt/tools/ls"), "removed by the opaque directory");
        Assert.IsTrue(tree.IsExecutable("/opt/tools/mkdir"), "the opaque layer's own files stay");

        tree.ApplyLayer([File("bin/sleep")]);
        Assert.IsTrue(tree.IsExecutable("/bin/sleep"), "a later layer may bring it back");
    }

    [TestMethod]
    public void Whiteout_OfADirectory_HidesItsContents()
    {
        var tree = new BaseImageFileTree();
        tree.ApplyLayer([Dir("usr"), Dir("usr/bin"), File("usr/bin/sh")]);
        tree.ApplyLayer([File("usr/.wh.bin")]);
        Assert.IsFalse(tree.IsExecutable("/usr/bin/sh"));
    }

    [TestMethod]
    public void Locate_UsesThePathOfTheConfig_InOrder()
    {
        var tree = new BaseImageFileTree();
        tree.ApplyLayer([Dir("bin"), File("bin/sh"), Dir("opt"), Dir("opt/bin"), File("opt/bin/sh"), File("opt/bin/sleep")]);
        var config = System.Text.Json.Nodes.JsonNode.Parse("""{"config":{"Env":["HOME=/","PATH=/opt/bin:/bin"]}}""")!.AsObject();

        IReadOnlyDictionary<string, string?> found = ClassicModeCommands.Locate(tree, ClassicModeCommands.SearchPath(config), ClassicModeCommands.Required);

        Assert.AreEqual("/opt/bin/sh", found["sh"]);
        Assert.AreEqual("/opt/bin/sleep", found["sleep"]);
        Assert.IsNull(found["ln"]);
        CollectionAssert.AreEqual(ClassicModeCommands.DefaultPath.Split(':'), ClassicModeCommands.SearchPath(null).ToArray());
    }
}
