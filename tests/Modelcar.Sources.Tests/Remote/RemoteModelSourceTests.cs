using System.Security.Cryptography;
using Modelcar.Oci;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>
/// What every store shares: the sha256 check of a streamed file (as the layer reads it) and the download
/// parallelism, with an in-memory store so no protocol is involved.
/// </summary>
[TestClass]
public sealed class RemoteModelSourceTests
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(300_000);
    private static readonly byte[] Tampered = RandomNumberGenerator.GetBytes(300_000);
    private static readonly string WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(Weights));
    private static readonly string TamperedSha256 = Convert.ToHexStringLower(SHA256.HashData(Tampered));

    public TestContext TestContext { get; set; } = null!;

    private readonly RemoteTestKit _kit = new();

    [TestCleanup]
    public void Cleanup() => _kit.Dispose();

    private async Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(InMemoryStore store, RemoteSourceOptions options) =>
        await new RemoteModelSource(store, options, _kit.Log).ResolveAsync(RemoteTestKit.Spec("mem://models"), TestContext.CancellationToken);

    /// <summary>Reads every layer the streamed files plan to, as the publisher does (a small threshold: one layer per file).</summary>
    private static void ReadLayers(IReadOnlyList<ResolvedModelFile> files)
    {
        IReadOnlyList<PlannedLayer> layers = LayerPlanner.Plan(
            files.Select(f => new PlannedFile(f.TargetPath, f.Size, StreamedFileOf(f))),
            new LayerPlanOptions { LargeFileThreshold = 1 });
        foreach (PlannedLayer layer in layers)
        {
            using Stream stream = layer.Content.OpenRead();
            stream.CopyTo(Stream.Null);
        }
    }

    private static StreamedFile StreamedFileOf(ResolvedModelFile file)
    {
        var streamed = (StreamedContent)file.Content;
        return new StreamedFile(streamed.Address, streamed.Open);
    }

    [TestMethod]
    public async Task Streaming_BytesNotMatchingTheListedSha256_FailTheLayerReadWithChecksumMismatch()
    {
        var store = new InMemoryStore();
        store.Serve("config.json", "{}"u8.ToArray());
        store.Serve("model.safetensors", Tampered, advertisedSha256: WeightsSha256);

        IReadOnlyList<ResolvedModelFile> files = await ResolveAsync(store, _kit.Options(stream: true));
        var e = Assert.ThrowsExactly<ModelcarException>(() => ReadLayers(files));

        Assert.AreEqual(ErrorCodes.SourceChecksumMismatch, e.Code);
        StringAssert.Contains(e.Message, "mem://models/model.safetensors");
        StringAssert.Contains(e.Message, WeightsSha256);
        StringAssert.Contains(e.Message, TamperedSha256);
    }

    [TestMethod]
    public async Task Streaming_BytesMatchingTheListedSha256_AndFilesWithoutOne_ReadThrough()
    {
        var store = new InMemoryStore();
        store.Serve("model.safetensors", Weights);
        store.Serve("notes.txt", "no digest published"u8.ToArray(), advertisedSha256: null);

        IReadOnlyList<ResolvedModelFile> files = await ResolveAsync(store, _kit.Options(stream: true));
        ReadLayers(files);

        Assert.IsTrue(files.All(f => f.Content is StreamedContent));
        Assert.AreEqual(WeightsSha256, files.Single(f => f.TargetPath == "model.safetensors").Sha256);
    }

    [TestMethod]
    public async Task Streaming_FileReadInSmallPieces_IsCheckedOnceItsLastByteIsRead()
    {
        var store = new InMemoryStore();
        store.Serve("model.safetensors", Tampered, advertisedSha256: WeightsSha256);
        ResolvedModelFile file = (await ResolveAsync(store, _kit.Options(stream: true))).Single();

        using Stream stream = ((StreamedContent)file.Content).Open();
        byte[] buffer = new byte[7];
        long read = 0;
        var e = Assert.ThrowsExactly<ModelcarException>(() =>
        {
            while (true)
            {
                int n = stream.Read(buffer);
                if (n == 0) break;
                read += n;
            }
        });

        Assert.AreEqual(ErrorCodes.SourceChecksumMismatch, e.Code);
        Assert.AreEqual(Tampered.Length - (Tampered.Length % 7 == 0 ? 7 : Tampered.Length % 7), read, "every piece before the last one is returned");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    [DataRow(8)]
    public async Task Download_RunsAsManyFilesAtOnceAsParallelismSays(int parallelism)
    {
        var store = new InMemoryStore { HoldUntilOpen = parallelism };
        for (int i = 0; i < 12; i++) store.Serve($"shard-{i:00}.bin", RandomNumberGenerator.GetBytes(1000));

        IReadOnlyList<ResolvedModelFile> files = await ResolveAsync(store, _kit.Options() with { Parallelism = parallelism });

        Assert.AreEqual(parallelism, store.MaxOpenAtOnce);
        Assert.HasCount(12, files);
        StringAssert.Contains(_kit.Log.All, $"downloading {parallelism} at a time");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(65)]
    [DataRow(-2)]
    public async Task Download_ParallelismOutOfRange_IsInvalidSourceParallelism(int parallelism)
    {
        var store = new InMemoryStore();
        store.Serve("a.bin", [1]);
        store.Serve("b.bin", [2]);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ResolveAsync(store, _kit.Options() with { Parallelism = parallelism }));

        Assert.AreEqual(ErrorCodes.InvalidSourceParallelism, e.Code);
        Assert.AreEqual(0, store.MaxOpenAtOnce);
    }

    [TestMethod]
    [DataRow(null, 4)]
    [DataRow("", 4)]
    [DataRow(" 16 ", 16)]
    [DataRow("1", 1)]
    [DataRow("64", 64)]
    public void Parse_AcceptsEmptyAndOneToSixtyFour(string? text, int expected) =>
        Assert.AreEqual(expected, DownloadParallelism.Parse(text));

    [TestMethod]
    [DataRow("0")]
    [DataRow("65")]
    [DataRow("-1")]
    [DataRow("2.5")]
    [DataRow("many")]
    public void Parse_RejectsOtherValues_NamingThem(string text)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => DownloadParallelism.Parse(text));

        Assert.AreEqual(ErrorCodes.InvalidSourceParallelism, e.Code);
        StringAssert.Contains(e.Message, $"'{text}'");
        StringAssert.Contains(e.Message, "ModelcarSourceParallelism");
    }
}
