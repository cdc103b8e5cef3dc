using System.Text;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Publish;

/// <summary>Publishes into an OCI archive and reads it back with skopeo and umoci.</summary>
[TestClass]
public sealed class OciArchiveTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static ModelcarImageRequest Request(BaseImage baseImage, TestModel model) => new()
    {
        Base = baseImage,
        Layers = model.Plan(baseImage.Layers.Count),
        User = "1010",
        Tags = ["1.0"],
        Annotations = new Dictionary<string, string> { [OciAnnotations.Version] = "1.0" },
    };

    private static async Task<PublishResult> PublishAsync(ModelcarImageRequest request, string archive, IModelcarLog? log, CancellationToken ct)
    {
        await using OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("quay.io/acme/model"), 0, ct);
        return await new ModelcarPublisher(log ?? NullModelcarLog.Instance).PublishAsync(request, target, ct);
    }

    private static string[] Leftovers(TempDirectory directory) =>
        Directory.GetFiles(directory.Path).Select(Path.GetFileName).ToArray()!;

    [TestMethod]
    public async Task Scratch_PublishesAnArchive_ThatSkopeoAndUmociRead()
    {
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");

        PublishResult result = await PublishAsync(Request(BaseImage.Scratch(Platform.Parse("linux/amd64")), model), archive, null, Ct);

        CollectionAssert.AreEqual(new[] { "model.oci.tar" }, Leftovers(output), "no temporary file is left");
        Assert.HasCount(2, result.Layers, "the large file alone, the small files together");
        Assert.IsTrue(result.Layers.All(l => l.Outcome == BlobOutcome.Uploaded && !l.IsBase));

        JsonObject inspect = ImageTools.Inspect($"oci-archive:{archive}");
        Assert.AreEqual("amd64", (string?)inspect["Architecture"]);
        Assert.AreEqual("linux", (string?)inspect["Os"]);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)inspect["Digest"]);
        CollectionAssert.AreEqual(
            result.Layers.Select(l => l.Descriptor.Digest.ToString()).ToArray(),
            inspect["Layers"]!.AsArray().Select(l => (string?)l).ToArray());
        JsonObject config = ImageTools.Inspect($"oci-archive:{archive}", config: true);
        Assert.AreEqual("1010", (string?)config["config"]!["User"]);

        using var work = new TempDirectory();
        model.AssertUnpacked(ImageTools.Unpack($"oci-archive:{archive}", work));
    }

    [TestMethod]
    public async Task SameModel_TwiceIntoArchives_GivesTheSameBytes()
    {
        using var model = new TestModel(largeFileSize: 16 * 1024 * 1024 + 1);
        using var output = new TempDirectory();
        var request = Request(BaseImage.Scratch(Platform.Parse("linux/arm64")), model);

        PublishResult first = await PublishAsync(request, output.Combine("a.oci.tar"), null, Ct);
        PublishResult second = await PublishAsync(request, output.Combine("b.oci.tar"), null, Ct);

        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        CollectionAssert.AreEqual(File.ReadAllBytes(output.Combine("a.oci.tar")), File.ReadAllBytes(output.Combine("b.oci.tar")));
    }

    [TestMethod]
    public async Task CancelledBeforeTheStart_LeavesNoArchiveAndNoTemporaryFile()
    {
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => PublishAsync(Request(BaseImage.Scratch(Platform.Parse("linux/amd64")), model), archive, null, cancellation.Token));

        CollectionAssert.AreEqual(Array.Empty<string>(), Leftovers(output));
    }

    [TestMethod]
    public async Task CancelledAfterTheFirstLayer_LeavesNoArchiveAndNoTemporaryFile()
    {
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");
        using var cancellation = new CancellationTokenSource();
        var log = new CollectingLog(line =>
        {
            if (line.Contains("layer 1/", StringComparison.Ordinal)) cancellation.Cancel();
        });

        await Assert.ThrowsAsync<OperationCanceledException>(() => PublishAsync(Request(BaseImage.Scratch(Platform.Parse("linux/amd64")), model), archive, log, cancellation.Token));

        Assert.IsTrue(log.Lines.Any(l => l.Contains("layer 1/2", StringComparison.Ordinal)), "the first layer was written before the cancel");
        CollectionAssert.AreEqual(Array.Empty<string>(), Leftovers(output));
    }

    [TestMethod]
    public async Task CancelledFromTheProgressCallback_KeepsThePreviousArchive()
    {
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");
        byte[] previous = Encoding.UTF8.GetBytes("the previous archive");
        File.WriteAllBytes(archive, previous);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancellation.Cancel());
        PlannedLayer large = model.Plan().First(l => l.Content.Length > 16 * 1024 * 1024);

        await using (OciArchiveWriter writer = await OciArchiveWriter.CreateAsync(archive, 0, Ct))
        {
            await using Stream content = large.Content.OpenRead();
            await Assert.ThrowsAsync<OperationCanceledException>(() => writer.AddBlobAsync(content, large.Content.Length, progress, cancellation.Token));
        }

        CollectionAssert.AreEqual(new[] { "model.oci.tar" }, Leftovers(output));
        CollectionAssert.AreEqual(previous, File.ReadAllBytes(archive));
    }

    [TestMethod]
    public async Task ArchiveWriter_CreatedWithACancelledToken_LeavesNoTemporaryFile()
    {
        using var output = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => OciArchiveWriter.CreateAsync(output.Combine("x.oci.tar"), 0, cancellation.Token));

        CollectionAssert.AreEqual(Array.Empty<string>(), Leftovers(output));
    }

    [TestMethod]
    public async Task BlobShorterThanAnnounced_FailsAndLeavesNothing()
    {
        using var output = new TempDirectory();

        await using (OciArchiveWriter writer = await OciArchiveWriter.CreateAsync(output.Combine("x.oci.tar"), 0, Ct))
        {
            var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => writer.AddBlobAsync(new MemoryStream(new byte[10]), 11, null, Ct));
            Assert.AreEqual(ErrorCodes.ArchiveWriteFailed, e.Code);
        }

        CollectionAssert.AreEqual(Array.Empty<string>(), Leftovers(output));
    }

    [TestMethod]
    [TestCategory("Registry")]
    public async Task OnTheRegistryBase_CopiesTheBaseLayersIntoTheArchive()
    {
        string baseName = TestEnvironment.BaseImage;
        using var client = new RegistryClient(TestEnvironment.Registry, new RegistryClientOptions { InsecureRegistries = [] });
        BaseImage baseImage = await BaseImageResolver.ResolveAsync(client, ImageReference.Parse(baseName), Platform.Parse("linux/amd64"), Ct);
        using var model = new TestModel();
        using var output = new TempDirectory();
        string archive = output.Combine("model.oci.tar");

        PublishResult result = await PublishAsync(Request(baseImage, model), archive, null, Ct);

        Assert.IsFalse(baseImage.IsScratch);
        Assert.IsNotEmpty(baseImage.Layers);
        PublishedLayer[] baseLayers = result.Layers.Where(l => l.IsBase).ToArray();
        CollectionAssert.AreEqual(baseImage.Layers.Select(l => l.Digest).ToArray(), baseLayers.Select(l => l.Descriptor.Digest).ToArray());
        Assert.IsTrue(baseLayers.All(l => l.Outcome == BlobOutcome.Uploaded));
        JsonObject inspect = ImageTools.Inspect($"oci-archive:{archive}");
        Assert.HasCount(baseImage.Layers.Count + 2, inspect["Layers"]!.AsArray());
        JsonObject config = ImageTools.Inspect($"oci-archive:{archive}", config: true);
        Assert.AreEqual("1010", (string?)config["config"]!["User"]);
        Assert.AreEqual(baseImage.Layers.Count + 2, config["rootfs"]!["diff_ids"]!.AsArray().Count);

        using var work = new TempDirectory();
        string rootfs = ImageTools.Unpack($"oci-archive:{archive}", work);
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin", "busybox")), "the base's files are in the image");
        model.AssertUnpacked(rootfs);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
