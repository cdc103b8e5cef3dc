using System.Security.Cryptography;
using Modelcar.Sources.Http;
using Modelcar.Sources.Remote;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>
/// An https source behind a private CA (made with openssl; Kestrel on 127.0.0.1 presents the certificate it issued):
/// untrusted without the CA, with an error naming the certificate; trusted with it; and an https→http redirect
/// refused as a downgrade.
/// </summary>
[TestClass]
public sealed class SourceTlsTests
{
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(10_000);

    public TestContext TestContext { get; set; } = null!;

    private TestCertificateAuthority _ca = null!;
    private LoopbackFileServer _server = null!;
    private RemoteTestKit _kit = null!;

    [TestInitialize]
    public async Task Start()
    {
        _ca = TestCertificateAuthority.Create();
        _server = await LoopbackFileServer.StartAsync(_ca.ServerCertificate());
        _server.Files["/models/model.onnx"] = Model;
        _kit = new RemoteTestKit();
    }

    [TestCleanup]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        _kit.Dispose();
        _ca.Dispose();
    }

    private Task<IReadOnlyList<ResolvedModelFile>> Resolve(string url, RemoteStoreContext context) =>
        new RemoteModelSource(new HttpFileSource(context), _kit.Options(), _kit.Log).ResolveAsync(RemoteTestKit.Spec(url), TestContext.CancellationToken);

    [TestMethod]
    public async Task CompanyCaNotGiven_IsSourceCertificateNotTrusted_NamingSubjectAndIssuer()
    {
        string url = _server.BaseUrl + "/models/model.onnx";

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(url + "?sig=secret", _kit.Context));

        Assert.AreEqual(ErrorCodes.SourceCertificateNotTrusted, e.Code);
        Assert.AreEqual(
            $"Cannot make a TLS connection to '{url}': certificate not trusted: {TestCertificateAuthority.ServerSubject}, issued by {TestCertificateAuthority.CaSubject}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.",
            e.Message);
    }

    [TestMethod]
    public async Task CompanyCaGiven_TheFileDownloads()
    {
        RemoteStoreContext context = _kit.Context with { ExtraTrustedRoots = _ca.CaCertificates() };

        ResolvedModelFile file = (await Resolve(_server.BaseUrl + "/models/model.onnx", context)).Single();

        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
    }

    [TestMethod]
    public async Task HfEndpointMirrorOfACompanyCa_IsNamedWhenUntrusted_AndWorksWithTheCa()
    {
        await using FakeHuggingFaceHub mirror = await FakeHuggingFaceHub.StartAsync(_ca.ServerCertificate());
        mirror.AddRepo("acme/tiny").Commit("main", new Dictionary<string, byte[]> { ["config.json"] = Model });
        _kit.Environment["HF_ENDPOINT"] = mirror.Endpoint;
        Task<IReadOnlyList<ResolvedModelFile>> ResolveHub(RemoteStoreContext context) =>
            new RemoteModelSource(new HuggingFace.HuggingFaceFileSource(context), _kit.Options(), _kit.Log).ResolveAsync(RemoteTestKit.Spec("hf://acme/tiny"), TestContext.CancellationToken);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => ResolveHub(_kit.Context));
        ResolvedModelFile file = (await ResolveHub(_kit.Context with { ExtraTrustedRoots = _ca.CaCertificates() })).Single();

        Assert.AreEqual(ErrorCodes.SourceCertificateNotTrusted, e.Code);
        Assert.AreEqual(
            $"Cannot make a TLS connection to '{mirror.Endpoint}': certificate not trusted: {TestCertificateAuthority.ServerSubject}, issued by {TestCertificateAuthority.CaSubject}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.",
            e.Message);
        CollectionAssert.AreEqual(Model, File.ReadAllBytes(RemoteTestKit.LocalPathOf(file)));
    }

    [TestMethod]
    public async Task RedirectFromHttpsToHttp_IsRefusedAsADowngrade()
    {
        await using LoopbackFileServer plain = await LoopbackFileServer.StartAsync();
        plain.Files["/models/model.onnx"] = Model;
        _server.Redirects["/models/moved.onnx"] = plain.BaseUrl + "/models/model.onnx";
        RemoteStoreContext context = _kit.Context with { ExtraTrustedRoots = _ca.CaCertificates() };

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => Resolve(_server.BaseUrl + "/models/moved.onnx", context));

        Assert.AreEqual(ErrorCodes.SourceDownloadFailed, e.Code);
        Assert.AreEqual(
            $"'{_server.BaseUrl}/models/moved.onnx' redirected (302) from https to plain http ('{plain.BaseUrl}/models/model.onnx'); the SDK refused to follow this downgrade, because anyone on the network could alter or read what comes over http. Ask the server's operator to redirect to https, or use the final https URL.",
            e.Message);
        Assert.AreEqual(0, plain.Count("GET"), "nothing was fetched over http");
    }
}
