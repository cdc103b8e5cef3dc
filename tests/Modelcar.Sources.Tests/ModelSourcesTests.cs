
namespace Modelcar.Sources.Tests;

[TestClass]
public sealed class ModelSourcesTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ModelSourceSpec Spec(string uri) => new(uri, "", new Dictionary<string, string>());

    private sealed class FakeSource(params string[] schemes) : IModelSource
    {
        public List<string> Seen { get; } = [];

        public Func<ModelSourceSpec, bool> Accepts { get; init; } = _ => true;

        public IReadOnlyCollection<string> Schemes => schemes;

        public bool CanRead(ModelSourceSpec spec) => Accepts(spec);

        public Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
        {
            Seen.Add(spec.Uri);
            return Task.FromResult<IReadOnlyList<ResolvedModelFile>>([new ResolvedModelFile($"{Seen.Count}.bin", new LocalContent("/x"), 1, DateTime.UnixEpoch, spec.Uri)]);
        }
    }

    [TestMethod]
    [DataRow("ftp://example.com/model")]
    [DataRow("models/local.bin")]
    [DataRow("://nothing")]
    public async Task UnknownScheme_ThrowsUnknownSourceScheme(string uri)
    {
        var sources = new ModelSources([new FakeSource("hf")]);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => sources.ResolveAsync([Spec(uri)], TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.UnknownSourceScheme, e.Code);
        StringAssert.Contains(e.Message, uri);
        StringAssert.Contains(e.Message, "hf://");
    }

    [TestMethod]
    public async Task UnknownScheme_ListsEachSupportedSchemeOnce_WithoutRefusedOnes_AndHidesTheQuery()
    {
        // Two stores share https/http (Azure Blob and plain https); gs:// is only refused with advice; oci:// is read
        // by the caller before routing.
        var sources = new ModelSources(
            [new FakeSource("hf"), new FakeSource("https", "http"), new FakeSource("https", "http"), new Gcs.GcsRejection()],
            handledElsewhere: ["oci"]);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => sources.ResolveAsync([Spec("ftp://example.com/model.bin?sig=secret")], TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.UnknownSourceScheme, e.Code);
        Assert.AreEqual(
            "The ModelSource 'ftp://example.com/model.bin' has a scheme this version cannot read ('ftp'). Supported: hf://, https://, http://, oci://. For local files use ModelFile items.",
            e.Message);
    }

    [TestMethod]
    public async Task NoSources_ThrowsUnknownSourceScheme()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => new ModelSources([]).ResolveAsync([Spec("hf://a/b")], TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.UnknownSourceScheme, e.Code);
    }

    [TestMethod]
    public async Task EachUri_GoesToTheSourceForItsScheme_CaseInsensitively()
    {
        var hf = new FakeSource("hf");
        var s3 = new FakeSource("s3", "gs");
        var sources = new ModelSources([hf, s3]);

        IReadOnlyList<ResolvedModelFile> files = await sources.ResolveAsync(
            [Spec("hf://a/b"), Spec("S3://bucket/x"), Spec("gs://bucket/y"), Spec("HF://c/d:main")], TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "hf://a/b", "HF://c/d:main" }, hf.Seen);
        CollectionAssert.AreEqual(new[] { "S3://bucket/x", "gs://bucket/y" }, s3.Seen);
        Assert.HasCount(4, files);
    }

    [TestMethod]
    public async Task SourcesSharingAScheme_AreAskedInOrder_WithCanRead()
    {
        var azure = new FakeSource("https") { Accepts = s => s.Uri.Contains(".blob.core.windows.net", StringComparison.Ordinal) };
        var https = new FakeSource("https");
        var sources = new ModelSources([azure, https]);

        await sources.ResolveAsync([Spec("https://acct.blob.core.windows.net/c/m"), Spec("https://example.com/m.onnx")], TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "https://acct.blob.core.windows.net/c/m" }, azure.Seen);
        CollectionAssert.AreEqual(new[] { "https://example.com/m.onnx" }, https.Seen);
    }
}
