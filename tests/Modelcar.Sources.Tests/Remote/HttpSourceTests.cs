using System.Security.Cryptography;
using Modelcar.Sources.Http;
using Modelcar.Sources.Remote;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>
/// https:// single-file sources against a real HTTP server (Kestrel on loopback, plain http: the tests use
/// AllowHttp, and one test checks that http:// without it is refused).
/// </summary>
[TestClass]
public sealed class HttpSourceTests
{
    private static readonly byte[] Model = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 13 + 1)).ToArray();
    private static readonly string ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(Model));
    private const string Secret = "Bearer secret-value-never-logged";

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

    private string Url(string path) => _server.BaseUrl + path;

    private Task<IReadOnlyList<ResolvedModelFile>> Resolve(ModelSourceSpec spec) =>
        new RemoteModelSource(new HttpFileSource(_kit.Context), _kit.Options(), _kit.Log).ResolveAsync(spec, TestContext.CancellationToken);

    private ModelSourceSpec Spec(string path, params (string, string)[] metadata) =>
        RemoteTestKit.Spec(Url(path), "", [("AllowHttp", "true"), .. metadata]);

    [TestMethod]
    public async Task WithSha256_DownloadsAndVerifies_WithoutAWarning()
    {
        ResolvedModelFile file = (await Resolve(Spec("/models/model.onnx", ("Sha256", ModelSha256.ToUpperInvariant())))).Single();

        Assert.AreEqual("model.onnx", file.TargetPath);
        Assert.AreEqual(ModelSha256, file.Sha256);
        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
        Assert.DoesNotContain(ErrorCodes.SourceChecksumMissing, _kit.Log.All);
    }

    [TestMethod]
    public async Task WithoutSha256_WarnsAndRecordsTheDigest()
    {
        ResolvedModelFile file = (await Resolve(Spec("/models/model.onnx"))).Single();

        Assert.AreEqual(ModelSha256, file.Sha256);
        StringAssert.Contains(_kit.Log.All, "warning " + ErrorCodes.SourceChecksumMissing);
    }

    [TestMethod]
    public async Task WrongSha256_FailsAndLeavesNoPartialFile()
    {
        string wrong = new('a', 64);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(Spec("/models/model.onnx", ("Sha256", wrong))));

        Assert.AreEqual(ErrorCodes.SourceChecksumMismatch, e.Code);
        StringAssert.Contains(e.Message, wrong);
        StringAssert.Contains(e.Message, ModelSha256);
        Assert.IsEmpty(_kit.PartialFiles());
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("zz2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7")]
    public async Task MalformedSha256_IsInvalidModelSource(string sha256)
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(Spec("/models/model.onnx", ("Sha256", sha256))));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, e.Code);
        StringAssert.Contains(e.Message, sha256);
        Assert.AreEqual(0, _server.Requests.Count);
    }

    [TestMethod]
    public async Task PlainHttp_WithoutAllowHttp_IsRefused()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(RemoteTestKit.Spec(Url("/models/model.onnx"))));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, e.Code);
        StringAssert.Contains(e.Message, "AllowHttp");
        Assert.AreEqual(0, _server.Requests.Count);
    }

    [TestMethod]
    public async Task Redirects_AreFollowed()
    {
        _server.Redirects["/latest/model.onnx"] = "/models/model.onnx";

        ResolvedModelFile file = (await Resolve(Spec("/latest/model.onnx", ("Sha256", ModelSha256)))).Single();

        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
        Assert.IsTrue(_server.Count("GET /models/model.onnx") >= 1);
    }

    [TestMethod]
    public async Task AuthorizationEnv_SendsTheHeader_AndNeverLogsIt()
    {
        _server.RequiredAuthorization = Secret;
        _kit.Environment["MODEL_AUTH"] = Secret;

        ResolvedModelFile file = (await Resolve(Spec("/models/model.onnx", ("AuthorizationEnv", "MODEL_AUTH")))).Single();

        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
        Assert.DoesNotContain("secret-value", _kit.Log.All);
        Assert.DoesNotContain("secret-value", file.Content.Name + file.Origin + file.Source);
    }

    [TestMethod]
    public async Task AuthorizationEnv_NamingAnUnsetVariable_IsInvalidModelSource()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(Spec("/models/model.onnx", ("AuthorizationEnv", "NOT_SET_ANYWHERE"))));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, e.Code);
        StringAssert.Contains(e.Message, "NOT_SET_ANYWHERE");
    }

    [TestMethod]
    public async Task Unauthorized_IsAccessDenied()
    {
        _server.RequiredAuthorization = Secret;

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(Spec("/models/model.onnx")));

        Assert.AreEqual(ErrorCodes.SourceAccessDenied, e.Code);
    }

    [TestMethod]
    public async Task MissingFile_IsNotFound()
    {
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(Spec("/models/missing.onnx")));

        Assert.AreEqual(ErrorCodes.SourceNotFound, e.Code);
        StringAssert.Contains(e.Message, "missing.onnx");
    }

    [TestMethod]
    public async Task DroppedConnection_Resumes_AndASecondResolveDownloadsNothing()
    {
        _server.DropOnceAfter["/models/model.onnx"] = 50_000;

        ResolvedModelFile file = (await Resolve(Spec("/models/model.onnx", ("Sha256", ModelSha256)))).Single();
        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
        Assert.AreEqual(1, _server.Count("bytes=50000-"), string.Join('\n', _server.Requests));

        _server.Requests.Clear();
        await Resolve(Spec("/models/model.onnx", ("Sha256", ModelSha256)));
        Assert.AreEqual(0, _server.Count("GET "), string.Join('\n', _server.Requests));
        Assert.AreEqual(1, _server.Count("HEAD "));
    }

    [TestMethod]
    [DataRow("https://acct.blob.core.windows.net/models/m.onnx", false)]
    [DataRow("https://example.com/models/m.onnx", true)]
    public void AzureBlobUrls_AreLeftToTheAzureStore(string uri, bool canRead)
    {
        Assert.AreEqual(canRead, new HttpFileSource(_kit.Context).CanRead(RemoteTestKit.Spec(uri)));
    }
}
