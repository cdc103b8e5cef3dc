using System.Text;
using Modelcar.Sources.HuggingFace;
using Modelcar.Sources.Remote;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>hf:// against <see cref="FakeHuggingFaceHub"/> (a fake: the real Hub cannot run here; it follows the documented API).</summary>
[TestClass]
public sealed class HuggingFaceSourceTests
{
    private static readonly byte[] Weights = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] Config = Encoding.UTF8.GetBytes("{\"model_type\":\"fake\"}");
    private static readonly byte[] Readme = Encoding.UTF8.GetBytes("# fake model");
    private static readonly byte[] Tokenizer = Encoding.UTF8.GetBytes("{\"vocab\":{}}");

    public TestContext TestContext { get; set; } = null!;

    private FakeHuggingFaceHub _hub = null!;
    private RemoteTestKit _kit = null!;
    private string _commit = "";

    [TestInitialize]
    public async Task StartHub()
    {
        _hub = await FakeHuggingFaceHub.StartAsync();
        _kit = new RemoteTestKit();
        _kit.Environment["HF_ENDPOINT"] = _hub.Endpoint;
        FakeRepo repo = _hub.AddRepo("acme/tiny");
        repo.Commit("main", new Dictionary<string, byte[]> { ["config.json"] = Config });
        _commit = repo.Commit("main", Files());
        repo.Refs["v1"] = _commit;
    }

    [TestCleanup]
    public async Task StopHub()
    {
        await _hub.DisposeAsync();
        _kit.Dispose();
    }

    private static Dictionary<string, byte[]> Files() => new()
    {
        ["config.json"] = Config,
        ["README.md"] = Readme,
        ["model.safetensors"] = Weights,
        ["tokenizer/tokenizer.json"] = Tokenizer,
    };

    private RemoteModelSource Source(bool stream = false) => new(new HuggingFaceFileSource(_kit.Context), _kit.Options(stream), _kit.Log);

    private Task<IReadOnlyList<ResolvedModelFile>> Resolve(ModelSourceSpec spec, bool stream = false) => Source(stream).ResolveAsync(spec, TestContext.CancellationToken);

    [TestMethod]
    public async Task Resolve_DownloadsEveryFileAtTheResolvedCommit_UnderTargetPath()
    {
        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/tiny:v1", "llm/"));

        CollectionAssert.AreEquivalent(new[] { "llm/README.md", "llm/config.json", "llm/model.safetensors", "llm/tokenizer/tokenizer.json" }, files.Select(f => f.TargetPath).ToArray());
        foreach ((string path, byte[] content) in Files())
        {
            ResolvedModelFile file = files.Single(f => f.TargetPath == "llm/" + path);
            CollectionAssert.AreEqual(content, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)), path);
            Assert.AreEqual(content.Length, file.Size);
            Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), file.Sha256);
            Assert.AreEqual(new SourceProvenance("hf://acme/tiny:v1", _commit), file.Source);
        }
        Assert.AreEqual(1, _hub.CountRequests("/revision/v1"));
        Assert.IsTrue(_hub.Requests.Any(r => r.Contains("cursor=", StringComparison.Ordinal)), "the tree is read across its pages");
        Assert.IsTrue(_hub.Requests.Where(r => r.Contains("/resolve/", StringComparison.Ordinal)).All(r => r.Contains($"/resolve/{_commit}/", StringComparison.Ordinal)),
            "every download names the commit, not the moving ref");
    }

    [TestMethod]
    public async Task NoRevision_MeansMain()
    {
        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/tiny"));

        Assert.AreEqual(_commit, files[0].Source!.Revision);
        Assert.AreEqual(1, _hub.CountRequests("/revision/main"));
    }

    [TestMethod]
    public async Task SecondResolve_WithTheSameCache_MakesOnlyMetadataRequests()
    {
        await Resolve(RemoteTestKit.Spec("hf://acme/tiny"));
        int downloads = _hub.CountRequests("/resolve/");
        _hub.Requests.Clear();

        IReadOnlyList<ResolvedModelFile> again = await Resolve(RemoteTestKit.Spec("hf://acme/tiny"));

        Assert.AreEqual(4, downloads);
        Assert.AreEqual(0, _hub.CountRequests("/resolve/") + _hub.CountRequests("/cdn/"), string.Join('\n', _hub.Requests));
        Assert.IsTrue(_hub.Requests.All(r => r.Contains("/api/models/", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(Weights, File.ReadAllBytes(RemoteTestKit.LocalPathOf(again.Single(f => f.TargetPath == "model.safetensors"))));
    }

    [TestMethod]
    public async Task TwoBuildsSharingTheCache_DownloadEachFileOnce()
    {
        ModelSourceSpec spec = RemoteTestKit.Spec("hf://acme/tiny");

        IReadOnlyList<ResolvedModelFile>[] both = await Task.WhenAll(Resolve(spec), Resolve(spec));

        Assert.AreEqual(1, _hub.CountRequests("/cdn/"), string.Join('\n', _hub.Requests));
        CollectionAssert.AreEqual(both[0].Select(RemoteTestKit.LocalPathOf).Order().ToArray(), both[1].Select(RemoteTestKit.LocalPathOf).Order().ToArray());
    }

    [TestMethod]
    public async Task DroppedConnection_ResumesWithARangedRequest()
    {
        _hub.DropOnceAfter["model.safetensors"] = 100_000;

        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/tiny"));

        CollectionAssert.AreEqual(Weights, File.ReadAllBytes(RemoteTestKit.LocalPathOf(files.Single(f => f.TargetPath == "model.safetensors"))));
        Assert.AreEqual(1, _hub.Requests.Count(r => r.Contains("/cdn/", StringComparison.Ordinal) && r.Contains("bytes=100000-", StringComparison.Ordinal)), string.Join('\n', _hub.Requests));
    }

    [TestMethod]
    public async Task ContentNotMatchingTheHubsSha256_FailsAndLeavesNoPartialFile()
    {
        _hub.Corrupt["model.safetensors"] = true;
        // One download at a time: in parallel, a sibling cancelled mid-way by the failure keeps its partial file on
        // purpose (the next build resumes it), which would hide whether the corrupt file's own partial was deleted.
        var source = new RemoteModelSource(new HuggingFaceFileSource(_kit.Context), _kit.Options() with { Parallelism = 1 }, _kit.Log);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => source.ResolveAsync(RemoteTestKit.Spec("hf://acme/tiny"), TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.SourceChecksumMismatch, e.Code);
        StringAssert.Contains(e.Message, "model.safetensors");
        Assert.IsEmpty(_kit.PartialFiles());
    }

    [TestMethod]
    public async Task Patterns_FollowHuggingFaceHubFnmatch()
    {
        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/tiny", "",
            ("AllowPatterns", "*.safetensors; *.json"), ("IgnorePatterns", "tokenizer/")));

        CollectionAssert.AreEquivalent(new[] { "config.json", "model.safetensors" }, files.Select(f => f.TargetPath).ToArray());
    }

    [TestMethod]
    public async Task PatternsThatMatchNothing_AreAnError()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/tiny", "", ("AllowPatterns", "*.gguf"))));

        Assert.AreEqual(ErrorCodes.SourceMatchedNothing, e.Code);
        StringAssert.Contains(e.Message, "*.gguf");
    }

    [TestMethod]
    public async Task GatedRepo_WithoutAToken_IsAccessDenied_AndWithOne_Downloads()
    {
        _hub.AddRepo("acme/gated", gated: true).Commit("main", Files());

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/gated")));
        Assert.AreEqual(ErrorCodes.SourceAccessDenied, e.Code);
        StringAssert.Contains(e.Message, "gated");
        StringAssert.Contains(e.Message, "HF_TOKEN");

        _kit.Environment["HF_TOKEN"] = FakeHuggingFaceHub.ValidToken;
        _hub.Requests.Clear();
        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/gated"));
        Assert.HasCount(4, files);
        Assert.IsTrue(_hub.Requests.Where(r => r.Contains("/api/", StringComparison.Ordinal) || r.Contains("/resolve/", StringComparison.Ordinal)).All(r => r.EndsWith(" auth", StringComparison.Ordinal)));
        Assert.IsFalse(_hub.Requests.Any(r => r.Contains("/cdn/", StringComparison.Ordinal) && r.EndsWith(" auth", StringComparison.Ordinal)), "the token does not follow the redirect to the CDN");
        Assert.DoesNotContain(FakeHuggingFaceHub.ValidToken, _kit.Log.All);
    }

    [TestMethod]
    public async Task LegacyTokenVariable_IsUsed()
    {
        _hub.AddRepo("acme/private", isPrivate: true).Commit("main", Files());
        _kit.Environment["HUGGING_FACE_HUB_TOKEN"] = FakeHuggingFaceHub.ValidToken;

        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/private"));

        Assert.HasCount(4, files);
    }

    [TestMethod]
    public async Task PrivateRepo_WithoutAToken_IsNotFound_WithATokenHint()
    {
        _hub.AddRepo("acme/private", isPrivate: true).Commit("main", Files());

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/private")));

        Assert.AreEqual(ErrorCodes.SourceNotFound, e.Code);
        StringAssert.Contains(e.Message, "acme/private");
        StringAssert.Contains(e.Message, "HF_TOKEN");
    }

    [TestMethod]
    public async Task MissingRepo_IsNotFound()
    {
        _kit.Environment["HF_TOKEN"] = FakeHuggingFaceHub.ValidToken;

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/nothing-here")));

        Assert.AreEqual(ErrorCodes.SourceNotFound, e.Code);
        StringAssert.Contains(e.Message, "acme/nothing-here");
        Assert.DoesNotContain(FakeHuggingFaceHub.ValidToken, e.Message);
    }

    [TestMethod]
    public async Task MissingRevision_IsRevisionNotFound()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/tiny:no-such-branch")));

        Assert.AreEqual(ErrorCodes.SourceRevisionNotFound, e.Code);
        StringAssert.Contains(e.Message, "no-such-branch");
    }

    [TestMethod]
    [DataRow("hf://")]
    [DataRow("hf://just-a-model")]
    [DataRow("hf://a/b/c")]
    [DataRow("hf://acme/tiny:")]
    [DataRow("hf://ac me/tiny")]
    [DataRow("hf://acme/tiny:../main")]
    public async Task MalformedUri_IsInvalidModelSource(string uri)
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec(uri)));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, e.Code);
        StringAssert.Contains(e.Message, uri);
        Assert.AreEqual(0, _hub.Requests.Count);
    }

    [TestMethod]
    public async Task TargetPathOutsideModels_IsRefused()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec("hf://acme/tiny", "../outside")));

        Assert.AreEqual(ErrorCodes.PathEscapesModels, e.Code);
    }

    [TestMethod]
    public async Task StreamingMode_DownloadsNothing_AndOpensEachFileFromTheHub()
    {
        IReadOnlyList<ResolvedModelFile> files = await Resolve(RemoteTestKit.Spec("hf://acme/tiny"), stream: true);

        Assert.AreEqual(0, _hub.CountRequests("/resolve/"));
        Assert.IsFalse(Directory.Exists(_kit.Cache));
        ResolvedModelFile weights = files.Single(f => f.TargetPath == "model.safetensors");
        using var copy = new MemoryStream();
        using (Stream stream = ((StreamedContent)weights.Content).Open()) stream.CopyTo(copy);
        CollectionAssert.AreEqual(Weights, copy.ToArray());
        Assert.AreEqual(1, _hub.CountRequests("/cdn/"));
    }
}
