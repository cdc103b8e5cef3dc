
namespace Modelcar.Sources.Tests;

[TestClass]
public sealed class LocalModelFilesTests
{
    private static ModelFileSpec Spec(string source, string target) => new(source, target, source);

    [TestMethod]
    public void Files_AreResolvedWithSizeMtimeAndSortedTargets()
    {
        using var project = new TempProject();
        string weights = project.Write("weights/model.safetensors", 1234);
        string config = project.Write("config.json", 5);
        var mtime = new DateTime(2020, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(config, mtime);

        IReadOnlyList<ResolvedModelFile> files = LocalModelFiles.Resolve(
            [Spec("weights/model.safetensors", "weights/model.safetensors"), Spec(config, "./config.json")],
            project.ProjectDirectory);

        Assert.HasCount(2, files);
        Assert.AreEqual("config.json", files[0].TargetPath);
        Assert.AreEqual(new LocalContent(config), files[0].Content);
        Assert.AreEqual(5, files[0].Size);
        Assert.AreEqual(mtime, files[0].LastWriteTimeUtc);
        Assert.AreEqual("weights/model.safetensors", files[1].TargetPath);
        Assert.AreEqual(new LocalContent(weights), files[1].Content);
        Assert.AreEqual(1234, files[1].Size);
    }

    [TestMethod]
    public void MissingFile_ThrowsModelFileNotFound()
    {
        using var project = new TempProject();

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("nope.bin", "nope.bin")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.ModelFileNotFound, e.Code);
        StringAssert.Contains(e.Message, "nope.bin");
    }

    [TestMethod]
    public void Directory_ThrowsModelFileIsDirectory()
    {
        using var project = new TempProject();
        project.Write("tokenizer/vocab.json");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("tokenizer", "tokenizer")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.ModelFileIsDirectory, e.Code);
        StringAssert.Contains(e.Message, "tokenizer/**");
    }

    [TestMethod]
    public void TwoFiles_ToTheSameTarget_ThrowDuplicateTargetPath_NamingBoth()
    {
        using var project = new TempProject();
        string a = project.Write("a/config.json");
        string b = project.Write("b/config.json");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve(
            [Spec("a/config.json", "config.json"), Spec("b/config.json", "./config.json")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.DuplicateTargetPath, e.Code);
        StringAssert.Contains(e.Message, a);
        StringAssert.Contains(e.Message, b);
        StringAssert.Contains(e.Message, "/models/config.json");
    }

    [TestMethod]
    public void SameFile_Twice_IsKeptOnce()
    {
        using var project = new TempProject();
        string file = project.Write("config.json");

        IReadOnlyList<ResolvedModelFile> files = LocalModelFiles.Resolve(
            [Spec("config.json", "config.json"), Spec(file, "config.json"), Spec("./sub/../config.json", "config.json")], project.ProjectDirectory);

        Assert.HasCount(1, files);
        Assert.AreEqual(new LocalContent(file), files[0].Content);
    }

    [TestMethod]
    public void InvalidTargetPath_ThrowsPathEscapesModels()
    {
        using var project = new TempProject();
        project.Write("x.bin");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("x.bin", "../x.bin")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.PathEscapesModels, e.Code);
    }

    [TestMethod]
    public void SymlinkOutOfTheProject_ThrowsSymlinkEscapesProject()
    {
        using var project = new TempProject();
        string outside = project.Write(Path.Combine(project.OutsideDirectory, "weights.bin"), 77);
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "weights.bin"), outside);

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("weights.bin", "weights.bin")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.SymlinkEscapesProject, e.Code);
        StringAssert.Contains(e.Message, outside);
    }

    [TestMethod]
    public void SymlinkOutOfTheProject_IsAllowedWithTheFlag_AndResolvedToItsTarget()
    {
        using var project = new TempProject();
        string outside = project.Write(Path.Combine(project.OutsideDirectory, "weights.bin"), 77);
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "weights.bin"), outside);

        ResolvedModelFile file = LocalModelFiles.Resolve([Spec("weights.bin", "weights.bin")], project.ProjectDirectory, allowLinksOutOfProject: true).Single();

        Assert.AreEqual(new LocalContent(outside), file.Content);
        Assert.AreEqual(77, file.Size);
        Assert.AreEqual("weights.bin", file.TargetPath);
    }

    [TestMethod]
    public void SymlinkInsideTheProject_IsResolvedToItsTarget()
    {
        using var project = new TempProject();
        string real = project.Write("blobs/abc123", 99);
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "model.safetensors"), "blobs/abc123");

        ResolvedModelFile file = LocalModelFiles.Resolve([Spec("model.safetensors", "model.safetensors")], project.ProjectDirectory).Single();

        Assert.AreEqual(new LocalContent(real), file.Content);
        Assert.AreEqual(99, file.Size, "the target's size, not the link's");
        Assert.AreEqual("model.safetensors", file.TargetPath);
    }

    [TestMethod]
    public void ChainOfSymlinks_LeavingTheProject_IsCaught()
    {
        using var project = new TempProject();
        string outside = project.Write(Path.Combine(project.OutsideDirectory, "w.bin"));
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "hop.bin"), outside);
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "w.bin"), "hop.bin");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("w.bin", "w.bin")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.SymlinkEscapesProject, e.Code);
    }

    [TestMethod]
    public void BrokenSymlink_ThrowsModelFileNotFound()
    {
        using var project = new TempProject();
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "w.bin"), "gone.bin");

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("w.bin", "w.bin")], project.ProjectDirectory));

        Assert.AreEqual(ErrorCodes.ModelFileNotFound, e.Code);
    }

    [TestMethod]
    public void FileInADirectorySymlinkedOutOfTheProject_ThrowsSymlinkEscapesProject()
    {
        using var project = new TempProject();
        string outside = project.Write(Path.Combine(project.OutsideDirectory, "data", "w.bin"), 5);
        Directory.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "data"), Path.Combine(project.OutsideDirectory, "data"));

        var e = Assert.ThrowsExactly<ModelcarException>(() => LocalModelFiles.Resolve([Spec("data/w.bin", "w.bin")], project.ProjectDirectory));
        ResolvedModelFile allowed = LocalModelFiles.Resolve([Spec("data/w.bin", "w.bin")], project.ProjectDirectory, allowLinksOutOfProject: true).Single();

        Assert.AreEqual(ErrorCodes.SymlinkEscapesProject, e.Code);
        Assert.AreEqual(new LocalContent(outside), allowed.Content);
    }

    [TestMethod]
    public void ProjectReachedThroughASymlinkedFolder_IsNotMistakenForAnEscape()
    {
        using var project = new TempProject();
        string real = project.Write("blobs/abc123", 12);
        project.Write("config.json", 3);
        File.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "model.safetensors"), real);
        string alias = Path.Combine(project.Root, "alias");
        Directory.CreateSymbolicLink(alias, project.ProjectDirectory);

        IReadOnlyList<ResolvedModelFile> files = LocalModelFiles.Resolve(
            [Spec("model.safetensors", "model.safetensors"), Spec("config.json", "config.json")], alias);

        Assert.HasCount(2, files);
        Assert.AreEqual(12, files.Single(f => f.TargetPath == "model.safetensors").Size);
        Assert.AreEqual(3, files.Single(f => f.TargetPath == "config.json").Size);
    }
}
