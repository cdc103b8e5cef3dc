using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Tls;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>
/// The company-PKI setup of Harbor, Artifactory and Nexus against a real docker-registry
/// (eng/test-env/intermediate-ca-registry-up.sh): its certificate is issued by an intermediate CA, the server sends
/// leaf + intermediate, and the CA bundle holds only the root. Addressed by a non-loopback name
/// (<see cref="AuthTestSupport.ConnectToLoopback"/>) so that the certificate is really verified.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class IntermediateCaTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client(string bundle, out SocketsHttpHandler handler)
    {
        string registry = TestEnvironment.IntermediateCaTlsName;
        handler = AuthTestSupport.ConnectToLoopback(RegistryHttpHandler.Create(registry, [], CaBundle.Load(bundle, "test")));
        return new RegistryClient(registry, new RegistryClientOptions { Handler = handler, InsecureRegistries = [], Credentials = new StaticCredentials(null) });
    }

    [TestMethod]
    public async Task RootOnlyBundle_TrustsTheChainTheServerSends_AndPushes()
    {
        using var client = Client(TestEnvironment.IntermediateCaRoot, out var handler);
        using (handler)
        {
            string repository = AuthTestSupport.NewRepository("intermediate-ca");

            var digest = await AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct);

            Assert.AreEqual(digest, (await client.GetManifestAsync(repository, "1.0", Ct))!.Digest);
        }
    }

    [TestMethod]
    public async Task ABundleOfAnotherCa_StillRefusesTheChain_WithMODELCAR044()
    {
        // The htpasswd registry's CA: a valid bundle, but not the root of this chain. Using the server's intermediates
        // must not mean trusting whatever the server sends.
        using var client = Client(TestEnvironment.AuthCaBundle, out var handler);
        using (handler)
        {
            var e = await Assert.ThrowsAsync<ModelcarException>(() => client.GetManifestAsync("modelcar-tests/anything", "1.0", Ct));

            Assert.AreEqual(ErrorCodes.InsecureRegistryNotAllowed, e.Code);
            Assert.StartsWith($"Cannot establish a secure (https) connection to the registry '{TestEnvironment.IntermediateCaTlsName}'", e.Message);
        }
    }
}
