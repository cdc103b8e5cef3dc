using System.Formats.Tar;
using System.IO.Compression;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;
using OciTarEntry = Modelcar.Oci.Tar.TarEntry;

namespace Modelcar.Oci.Tests.Build;

/// <summary>
/// Layers of an existing modelcar, built in memory (with the SDK's own layer writer, or .NET's TarWriter for
/// links and whiteouts the SDK never writes), sorted into model and base layers from their headers.
/// </summary>
[TestClass]
public sealed class ModelLayerClassifierTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ALayerTheSdkWrote_IsAModelLayer_WithItsFilesAndSizes()
    {
        using var temp = new TempDirectory();
        string weights = temp.WriteFile("w.bin", new byte[1500]);
        string config = temp.WriteFile("c.json", "{}"u8.ToArray());
        var content = LayerContent.ForFiles("models", [
            OciTarEntry.File("models/weights/model.safetensors", 1500, new LocalFile(weights)),
            OciTarEntry.File("models/config.json", 2, new LocalFile(config)),
        ], mtime: 0);

        (ModelLayerKind kind, IReadOnlyList<InheritedModelFile> files) = await ClassifyAsync(ReadAll(content.OpenRead()));

        Assert.AreEqual(ModelLayerKind.Model, kind);
        CollectionAssert.AreEquivalent(
            new[] { new InheritedModelFile("config.json", 2), new InheritedModelFile("weights/model.safetensors", 1500) },
            files.ToArray());
    }

    [TestMethod]
    public async Task AGzippedModelLayer_IsReadThroughItsCompression()
    {
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./models/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "./models/tokenizer.json") { DataStream = new MemoryStream(new byte[700]) });
        });

        (ModelLayerKind kind, IReadOnlyList<InheritedModelFile> files) = await ClassifyAsync(Gzip(tar));

        Assert.AreEqual(ModelLayerKind.Model, kind);
        Assert.AreEqual(new InheritedModelFile("tokenizer.json", 700), files.Single());
    }

    [TestMethod]
    public async Task ALayerWithNothingUnderModels_IsABaseLayer()
    {
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { DataStream = new MemoryStream(new byte[10]) });
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "models/")); // an empty mount point is not a model
        });

        (ModelLayerKind kind, IReadOnlyList<InheritedModelFile> files) = await ClassifyAsync(new MemoryStream(tar));

        Assert.AreEqual(ModelLayerKind.Base, kind);
        Assert.AreEqual(0, files.Count);
    }

    [TestMethod]
    public async Task ALayerMixingModelsAndOtherFiles_IsRefusedWithBothNamed()
    {
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "models/model.onnx") { DataStream = new MemoryStream(new byte[10]) });
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/passwd") { DataStream = new MemoryStream(new byte[10]) });
        });

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ClassifyAsync(new MemoryStream(tar)));

        Assert.AreEqual(ErrorCodes.OciSourceLayerNotSeparable, error.Code);
        StringAssert.Contains(error.Message, "'oci://r/a:1' layer 1");
        StringAssert.Contains(error.Message, "/etc/passwd");
    }

    [TestMethod]
    public async Task AWhiteoutUnderModels_IsRefused()
    {
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "models/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "models/.wh.old.bin"));
        });

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ClassifyAsync(new MemoryStream(tar)));

        Assert.AreEqual(ErrorCodes.OciSourceWhiteout, error.Code);
        StringAssert.Contains(error.Message, "/models/.wh.old.bin");
    }

    [TestMethod]
    [DataRow("/etc/shadow")]
    [DataRow("../../etc/shadow")]
    public async Task ASymbolicLinkOutOfModels_IsRefused(string target)
    {
        byte[] tar = Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "models/sub/link") { LinkName = target }));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ClassifyAsync(new MemoryStream(tar)));

        Assert.AreEqual(ErrorCodes.OciSourceLayerNotSeparable, error.Code);
        StringAssert.Contains(error.Message, target);
    }

    [TestMethod]
    [DataRow("../weights.bin")]
    [DataRow("/models/weights.bin")]
    public async Task ASymbolicLinkInsideModels_IsCarried(string target)
    {
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "models/weights.bin") { DataStream = new MemoryStream(new byte[3]) });
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "models/sub/link") { LinkName = target });
        });

        (ModelLayerKind kind, IReadOnlyList<InheritedModelFile> files) = await ClassifyAsync(new MemoryStream(tar));

        Assert.AreEqual(ModelLayerKind.Model, kind);
        Assert.AreEqual("weights.bin", files.Single().TargetPath);
    }

    [TestMethod]
    public async Task AHardLinkToAFileOutsideModels_IsRefused()
    {
        byte[] tar = Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "models/busybox") { LinkName = "bin/busybox" }));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ClassifyAsync(new MemoryStream(tar)));

        Assert.AreEqual(ErrorCodes.OciSourceLayerNotSeparable, error.Code);
        StringAssert.Contains(error.Message, "/bin/busybox");
    }

    private Task<(ModelLayerKind, IReadOnlyList<InheritedModelFile>)> ClassifyAsync(Stream layer) =>
        ModelLayerClassifier.ClassifyAsync(LayerHeaderReader.ReadAsync(layer, TestContext.CancellationToken), "models", "'oci://r/a:1' layer 1 (abc)");

    private static MemoryStream ReadAll(Stream stream)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static byte[] Tar(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true)) write(writer);
        return buffer.ToArray();
    }

    private static MemoryStream Gzip(byte[] data)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        buffer.Position = 0;
        return buffer;
    }
}
