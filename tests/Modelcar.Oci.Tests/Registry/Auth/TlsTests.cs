using System.Security.Cryptography.X509Certificates;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>
/// TLS and plain http against the real registries of the test environment, addressed by non-loopback names
/// (<see cref="AuthTestSupport.ConnectToLoopback"/>) so that loopback's blanket allowance does not apply.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class TlsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client(string registry, X509Certificate2Collection? roots, IReadOnlyCollection<string> insecure, RegistryCredential? credential, out SocketsHttpHandler handler)
    {
        handler = AuthTestSupport.ConnectToLoopback(RegistryHttpHandler.Create(registry, insecure, roots));
        return new RegistryClient(registry, new RegistryClientOptions
        {
            Handler = handler,
            InsecureRegistries = insecure,
            Credentials = new StaticCredentials(credential),
        });
    }

    private static RegistryCredential Good => new(TestEnvironment.AuthUser, TestEnvironment.AuthPassword);

    [TestMethod]
    public async Task CaBundle_TrustsTheTestCa_AndBasicAuthPushes()
    {
        string registry = TestEnvironment.AuthBasicTlsName;
        using var client = Client(registry, CaBundle.Load(TestEnvironment.AuthCaBundle, "test"), [], Good, out var handler);
        using (handler)
        {
            string repository = AuthTestSupport.NewRepository("ca-bundle");

            var digest = await AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct);

            Assert.AreEqual(digest, (await client.GetManifestAsync(repository, "1.0", Ct))!.Digest);
        }
    }

    [TestMethod]
    public async Task WithoutTheCaBundle_TheCertificateIsRefusedWithMODELCAR044()
    {
        using var client = Client(TestEnvironment.AuthBasicTlsName, null, [], Good, out var handler);
        using (handler)
        {
            var e = await Assert.ThrowsAsync<ModelcarException>(() => client.GetManifestAsync("modelcar-tests/anything", "1.0", Ct));

            Assert.AreEqual(ErrorCodes.InsecureRegistryNotAllowed, e.Code);
            Assert.Contains(TestEnvironment.AuthBasicTlsName, e.Message);
        }
    }

    [TestMethod]
    public async Task WrongPasswordOverTls_IsMODELCAR042NamingTheRegistry()
    {
        string registry = TestEnvironment.AuthBasicTlsName;
        using var client = Client(registry, CaBundle.Load(TestEnvironment.AuthCaBundle, "test"), [], new RegistryCredential(TestEnvironment.AuthUser, "wrong-pw-1234"), out var handler);
        using (handler)
        {
            string repository = AuthTestSupport.NewRepository("wrong-basic");

            var e = await Assert.ThrowsAsync<ModelcarException>(() => AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct));

            Assert.AreEqual(ErrorCodes.RegistryUnauthorized, e.Code);
            Assert.Contains(registry, e.Message);
            Assert.DoesNotContain("wrong-pw-1234", e.Message);
        }
    }

    [TestMethod]
    public async Task PlainHttp_ForANonLoopbackUnlistedRegistry_IsRefusedWithHowToAllowIt()
    {
        int port = new Uri($"http://{TestEnvironment.Registry}").Port;
        string registry = $"modelcar-plain.test:{port}";
        using var client = Client(registry, null, [], null, out var handler);
        using (handler)
        {
            var e = await Assert.ThrowsAsync<ModelcarException>(() => client.GetManifestAsync("modelcar-test/busybox", "1.36", Ct));

            Assert.AreEqual(ErrorCodes.InsecureRegistryNotAllowed, e.Code);
            Assert.Contains("DOTNET_CONTAINER_INSECURE_REGISTRIES", e.Message);
            Assert.Contains(registry, e.Message);
        }
    }

    [TestMethod]
    public async Task PlainHttp_IsUsedWhenTheRegistryIsListed()
    {
        int port = new Uri($"http://{TestEnvironment.Registry}").Port;
        string registry = $"modelcar-plain.test:{port}";
        using var client = Client(registry, null, [registry], null, out var handler);
        using (handler)
        {
            Assert.IsNotNull(await client.GetManifestAsync("modelcar-test/busybox", "1.36", Ct));
        }
    }

    [TestMethod]
    public void CaBundle_MissingFile_IsMODELCAR050()
    {
        var e = Assert.Throws<ModelcarException>(() => CaBundle.Load("/nonexistent/ca.pem", "ModelcarRegistryCaBundle"));

        Assert.AreEqual(ErrorCodes.InvalidCaBundle, e.Code);
        Assert.Contains("/nonexistent/ca.pem", e.Message);
    }

    [TestMethod]
    public void CaBundle_WithoutCertificates_IsMODELCAR050()
    {
        using var directory = new TempDirectory();
        string path = directory.WriteFile("empty.pem", "not a certificate\n"u8.ToArray());

        var e = Assert.Throws<ModelcarException>(() => CaBundle.Load(path, "MODELCAR_REGISTRY_CA_BUNDLE"));

        Assert.AreEqual(ErrorCodes.InvalidCaBundle, e.Code);
        Assert.Contains("MODELCAR_REGISTRY_CA_BUNDLE", e.Message);
    }
}
