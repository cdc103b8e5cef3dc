using Modelcar.Sources.Gcs;

namespace Modelcar.Sources.Tests;

[TestClass]
public sealed class ModelFileSetTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ResolvedModelFile Remote(string target, string sha256, string origin) =>
        new(target, new LocalContent("/cache/" + sha256), 3, DateTime.UnixEpoch, origin) { Sha256 = sha256, Source = new SourceProvenance(origin, null) };

    [TestMethod]
    public void DifferentContentAtOnePath_IsAnErrorNamingBoth()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => ModelFileSet.Combine(
            [Remote("config.json", new string('a', 64), "hf://acme/one"), Remote("config.json", new string('b', 64), "hf://acme/two")]));

        Assert.AreEqual(ErrorCodes.SourceConflict, e.Code);
        StringAssert.Contains(e.Message, "/models/config.json");
        StringAssert.Contains(e.Message, "hf://acme/one");
        StringAssert.Contains(e.Message, "hf://acme/two");
    }

    [TestMethod]
    public void SameContentAtOnePath_IsKeptOnce()
    {
        IReadOnlyList<ResolvedModelFile> files = ModelFileSet.Combine(
            [Remote("config.json", new string('a', 64), "hf://acme/one"), Remote("config.json", new string('a', 64), "hf://acme/two"), Remote("x.bin", new string('c', 64), "hf://acme/two")]);

        CollectionAssert.AreEqual(new[] { "config.json", "x.bin" }, files.Select(f => f.TargetPath).ToArray());
        Assert.AreEqual("hf://acme/one", files[0].Origin);
    }

    [TestMethod]
    public void LocalFileAgainstRemote_IsComparedByContent()
    {
        using var project = new TempProject();
        string local = project.Write("config.json", size: 3); // three zero bytes
        const string ZerosSha256 = "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c";
        var localFile = new ResolvedModelFile("config.json", new LocalContent(local), 3, DateTime.UnixEpoch, "config.json");

        Assert.HasCount(1, ModelFileSet.Combine([localFile, Remote("config.json", ZerosSha256, "hf://acme/one")]));
        var e = Assert.ThrowsExactly<ModelcarException>(() => ModelFileSet.Combine([localFile, Remote("config.json", new string('d', 64), "hf://acme/one")]));
        Assert.AreEqual(ErrorCodes.SourceConflict, e.Code);
    }

    [TestMethod]
    public void StreamedFileWithUnknownContent_ConflictsWhenPublishing_NotWhenPlanning()
    {
        var streamed = new ResolvedModelFile("m.onnx", new StreamedContent("https://example.com/m.onnx", () => Stream.Null), 3, DateTime.UnixEpoch, "https://example.com/m.onnx");
        ResolvedModelFile other = Remote("m.onnx", new string('a', 64), "hf://acme/one");

        Assert.AreEqual(ErrorCodes.SourceConflict, Assert.ThrowsExactly<ModelcarException>(() => ModelFileSet.Combine([streamed, other])).Code);
        Assert.HasCount(1, ModelFileSet.Combine([streamed, other], unknownContentConflicts: false));
    }

    [TestMethod]
    public void CarriedFile_IsNeverReadToCompare_SoAnotherFileAtItsPathConflictsWhenPublishing()
    {
        const string Image = "oci://registry.example/acme/model:1";
        var carried = new ResolvedModelFile("config.json", new CarriedContent(Image, "sha256:" + new string('e', 64)), 3, DateTime.UnixEpoch, Image);
        ResolvedModelFile other = Remote("config.json", new string('a', 64), "hf://acme/one");

        Assert.AreEqual(ErrorCodes.SourceConflict, Assert.ThrowsExactly<ModelcarException>(() => ModelFileSet.Combine([carried, other])).Code);
        Assert.HasCount(1, ModelFileSet.Combine([carried, other], unknownContentConflicts: false));
    }

    [TestMethod]
    public async Task GsUri_IsRejectedWithTheWaysToReachTheBucket()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() =>
            new ModelSources([new GcsRejection()]).ResolveAsync([new ModelSourceSpec("gs://my-bucket/models/m.onnx", "", new Dictionary<string, string>())], TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.GcsNotSupported, e.Code);
        StringAssert.Contains(e.Message, "https://storage.googleapis.com/my-bucket/models/m.onnx");
        StringAssert.Contains(e.Message, "s3://my-bucket/");
        StringAssert.Contains(e.Message, "AWS_ENDPOINT_URL=https://storage.googleapis.com");
    }
}
