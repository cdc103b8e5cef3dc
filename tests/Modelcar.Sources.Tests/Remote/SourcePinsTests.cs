using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>The pins of resolved revisions in obj/: what is reused, what is asked for again, and what is never kept.</summary>
[TestClass]
public sealed class SourcePinsTests
{
    private readonly RemoteTestKit _kit = new();
    private string PinFile => Path.Combine(_kit.Cache, "obj", "modelcar.sources.json");

    private static readonly RemoteListing Listing = new("hf://acme/tiny:main", "0123456789abcdef0123456789abcdef01234567",
        [new RemoteFile("model.safetensors", 42, new string('a', 64), new string('a', 64), "hf://acme/tiny/model.safetensors")]);

    [TestCleanup]
    public void Cleanup() => _kit.Dispose();

    [TestMethod]
    public void ARecordedListing_IsReused_ByTheSameItemOnly()
    {
        ModelSourceSpec spec = RemoteTestKit.Spec("hf://acme/tiny:main", "llm", ("AllowPatterns", "*.safetensors"));
        SourcePins first = SourcePins.Load(PinFile, _kit.Log);
        Assert.IsNull(first.TryGet(spec));
        first.Record(spec, Listing);
        first.Save();

        SourcePins second = SourcePins.Load(PinFile, _kit.Log);
        RemoteListing? pinned = second.TryGet(spec);
        Assert.IsNotNull(pinned);
        Assert.AreEqual(Listing.Revision, pinned.Revision);
        CollectionAssert.AreEqual(Listing.Files.ToArray(), pinned.Files.ToArray());
        // Any edit of the item (patterns, target, revision) asks the store again.
        Assert.IsNull(second.TryGet(RemoteTestKit.Spec("hf://acme/tiny:main", "llm", ("AllowPatterns", "*.json"))));
        Assert.IsNull(second.TryGet(RemoteTestKit.Spec("hf://acme/tiny:main", "other", ("AllowPatterns", "*.safetensors"))));
        Assert.IsNull(second.TryGet(RemoteTestKit.Spec("hf://acme/tiny:v2", "llm", ("AllowPatterns", "*.safetensors"))));
        // Refresh ignores the pins.
        Assert.IsNull(SourcePins.Load(PinFile, _kit.Log, refresh: true).TryGet(spec));
    }

    [TestMethod]
    public void AListingWithoutRevision_IsNotPinned_AndAnUnchangedSaveWritesNothing()
    {
        ModelSourceSpec spec = RemoteTestKit.Spec("https://example.com/model.onnx");
        SourcePins pins = SourcePins.Load(PinFile, _kit.Log);
        pins.Record(spec, Listing with { Revision = null });
        pins.Save();
        Assert.IsFalse(File.Exists(PinFile), "nothing to pin, nothing written");

        ModelSourceSpec hf = RemoteTestKit.Spec("hf://acme/tiny:main");
        pins.Record(hf, Listing);
        pins.Save();
        DateTime written = File.GetLastWriteTimeUtc(PinFile);
        File.SetLastWriteTimeUtc(PinFile, written.AddMinutes(-5));
        SourcePins again = SourcePins.Load(PinFile, _kit.Log);
        again.Record(hf, again.TryGet(hf)!);
        again.Save();
        Assert.AreEqual(written.AddMinutes(-5), File.GetLastWriteTimeUtc(PinFile), "an unchanged pin is not rewritten");
    }

    [TestMethod]
    public void AnUnreadableFile_MeansNoPins()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PinFile)!);
        File.WriteAllText(PinFile, "{ not json");
        Assert.IsNull(SourcePins.Load(PinFile, _kit.Log).TryGet(RemoteTestKit.Spec("hf://acme/tiny:main")));
        StringAssert.Contains(_kit.Log.All, "Ignoring the resolved sources file");
    }
}
