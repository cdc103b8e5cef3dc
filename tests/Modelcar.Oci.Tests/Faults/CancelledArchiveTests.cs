using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>Ctrl+C or an MSBuild cancel in the middle of writing an archive: the previous archive stays, no temp file is left.</summary>
[TestClass]
public sealed class CancelledArchiveTests
{
    [TestMethod]
    public async Task CancelledAfterTheFirstLayer_KeepsThePreviousArchive_AndLeavesNoTemporaryFile()
    {
        using var work = new TempDirectory();
        string archive = work.Combine("model.oci.tar");
        byte[] previous = "the previous archive"u8.ToArray();
        File.WriteAllBytes(archive, previous);
        using var model = new TestModel();
        using var cancellation = new CancellationTokenSource();
        // The publisher logs each finished layer: cancel at the first, while the others are still to come.
        var log = new CollectingLog(line => { if (line.Contains("layer 1/", StringComparison.Ordinal)) cancellation.Cancel(); });
        var request = new ModelcarImageRequest
        {
            Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
            Layers = model.Plan(),
            User = "1010",
            Tags = ["1.0"],
            Annotations = new Dictionary<string, string>(),
        };
        Assert.IsGreaterThan(1, request.Layers.Count, "the model needs two layers for a cancel between them");

        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await using OciArchiveTarget target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("quay.io/acme/model"), 0, cancellation.Token);
            await new ModelcarPublisher(log).PublishAsync(request, target, cancellation.Token);
        });

        CollectionAssert.AreEqual(previous, File.ReadAllBytes(archive));
        CollectionAssert.AreEqual(new[] { archive }, Directory.GetFiles(work.Path));
    }
}
