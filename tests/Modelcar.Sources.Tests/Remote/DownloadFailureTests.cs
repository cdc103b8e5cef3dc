using System.Security.Cryptography;
using Modelcar.Sources.Http;
using Modelcar.Sources.Remote;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>
/// Downloads that cannot finish (MODELCAR023) and a cache that cannot be used (MODELCAR082), against a real HTTP
/// server on loopback (Kestrel) that cuts every response short.
/// </summary>
[TestClass]
public sealed class DownloadFailureTests
{
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(64 * 1024);
    private static readonly string ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(Model));
    private const int Cut = 1000;

    public TestContext TestContext { get; set; } = null!;

    private LoopbackFileServer _server = null!;
    private RemoteTestKit _kit = null!;

    [TestInitialize]
    public async Task Start()
    {
        _server = await LoopbackFileServer.StartAsync();
        _server.Files["/models/model.onnx"] = Model;
        _kit = new RemoteTestKit();
    }

    [TestCleanup]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        _kit.Dispose();
    }

    private ModelSourceSpec Spec => RemoteTestKit.Spec(_server.BaseUrl + "/models/model.onnx", "", ("AllowHttp", "true"), ("Sha256", ModelSha256));

    private Task<IReadOnlyList<ResolvedModelFile>> Resolve(RemoteSourceOptions options) =>
        new RemoteModelSource(new HttpFileSource(_kit.Context), options, _kit.Log).ResolveAsync(Spec, TestContext.CancellationToken);

    private string[] CacheFiles(string name) =>
        Directory.Exists(_kit.Cache) ? Directory.GetFiles(_kit.Cache, name, SearchOption.AllDirectories) : [];

    [TestMethod]
    public async Task ConnectionDroppedEveryTime_FailsWithDownloadFailed_AfterBoundedLoggedRetries()
    {
        _server.DropAlwaysAfter["/models/model.onnx"] = Cut;

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(_kit.Options()));

        Assert.AreEqual(ErrorCodes.SourceDownloadFailed, e.Code);
        StringAssert.Contains(e.Message, "/models/model.onnx");
        StringAssert.Contains(e.Message, $"failed {DownloadCache.MaxAttempts} times");
        // Bounded: one GET per attempt, each resuming where the last one stopped.
        Assert.AreEqual(DownloadCache.MaxAttempts, _server.Count("GET "), string.Join('\n', _server.Requests));
        for (int attempt = 1; attempt < DownloadCache.MaxAttempts; attempt++)
        {
            Assert.AreEqual(1, _server.Count($"bytes={attempt * Cut}-"), string.Join('\n', _server.Requests));
        }
        // Logged: each retry says which attempt it is.
        for (int attempt = 2; attempt <= DownloadCache.MaxAttempts; attempt++)
        {
            StringAssert.Contains(_kit.Log.All, $"attempt {attempt} of {DownloadCache.MaxAttempts} resumes it");
        }
        // Nothing at the entry's final location; only the partial file, which the message names.
        Assert.IsEmpty(CacheFiles("data"));
        Assert.IsEmpty(CacheFiles("data.sha256"));
        string partial = _kit.PartialFiles().Single();
        Assert.AreEqual(DownloadCache.MaxAttempts * Cut, new FileInfo(partial).Length);
        StringAssert.Contains(e.Message, partial);
    }

    [TestMethod]
    public async Task AfterAFailedDownload_TheNextResolveResumesThePartialFile()
    {
        _server.DropAlwaysAfter["/models/model.onnx"] = Cut;
        await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(_kit.Options()));
        _server.DropAlwaysAfter.Clear();
        _server.Requests.Clear();

        ResolvedModelFile file = (await Resolve(_kit.Options())).Single();

        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
        Assert.AreEqual(1, _server.Count($"GET /models/model.onnx bytes={DownloadCache.MaxAttempts * Cut}-"), string.Join('\n', _server.Requests));
        Assert.IsEmpty(_kit.PartialFiles());
    }

    [TestMethod]
    public async Task CacheUnderARegularFile_IsCacheUnusable()
    {
        Directory.CreateDirectory(_kit.Cache);
        string regularFile = Path.Combine(_kit.Cache, "not-a-folder");
        File.WriteAllText(regularFile, "a file, not a folder");
        string cache = Path.Combine(regularFile, "cache");

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(_kit.Options() with { CacheDirectory = cache }));

        Assert.AreEqual(ErrorCodes.SourceCacheUnusable, e.Code);
        StringAssert.Contains(e.Message, cache);
        StringAssert.Contains(e.Message, "ModelcarSourceCache");
        Assert.AreEqual(0, _server.Count("GET "));
    }
}
