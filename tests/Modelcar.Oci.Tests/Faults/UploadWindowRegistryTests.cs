using System.Collections.Concurrent;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>
/// An upload window (as ghcr.io's 10 minutes) against the real docker-registry, seen through <see cref="FaultProxy"/>
/// (which only watches here): the first request of a layer is the 4 MiB probe, not the whole layer, the rest follows
/// in measured requests, and the image reads back byte for byte with skopeo and umoci.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class UploadWindowRegistryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task WithAnUploadWindow_ALayerStartsWithAProbe_AndReadsBack()
    {
        var uploads = new ConcurrentQueue<(string Method, long Length)>();
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (r.IsUpload) uploads.Enqueue((r.Method, r.ContentLength));
            return Fault.Pass;
        });
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 10 * 1024 * 1024 + 77);
        string repository = $"modelcar-tests/window-{Guid.NewGuid():N}";
        using var client = new RegistryClient(proxy.Address, new RegistryClientOptions
        {
            InsecureRegistries = [],
            ChunkSize = 16 * 1024 * 1024,
            WholeBlobUploads = true,
            UploadWindow = TimeSpan.FromMinutes(10),
            Log = log,
        });
        var request = new ModelcarImageRequest
        {
            Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
            Layers = model.Plan(),
            User = "1010",
            Tags = ["1.0"],
            Annotations = new Dictionary<string, string>(),
            Parallelism = 1,
        };

        PublishResult result = await new ModelcarPublisher(log).PublishAsync(request, new RegistryImageTarget(client, repository, log: log), TestContext.CancellationToken);

        string image = $"docker://{TestEnvironment.Registry}/{repository}:1.0";
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)ImageTools.Inspect(image)["Digest"]);
        using var work = new TempDirectory();
        model.AssertUnpacked(ImageTools.Unpack(image, work));
        var sent = uploads.ToArray();
        string shown = string.Join(", ", sent.Select(u => $"{u.Method} {u.Length}"));
        // Parallelism 1 and the large layer first: its probe PATCH, then (measured fast on loopback) the rest in the closing PUT.
        Assert.AreEqual(("PATCH", 4L * 1024 * 1024), sent[0], "the first request is the probe, not the 10 MiB layer in one PATCH: " + shown);
        long largeLayer = result.Layers.Max(l => l.Descriptor.Size);
        Assert.AreEqual(largeLayer, sent[0].Length + sent[1].Length, "the rest of the layer in the next request: " + shown);
    }
}
