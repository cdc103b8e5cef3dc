using System.Net;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>
/// Where a Bearer challenge may send credentials. A stub answers (not the real registries): a registry that names
/// a plain-http realm on another host cannot be set up with the local docker-registry without DNS.
/// </summary>
[TestClass]
public sealed class TokenRealmTests
{
    private static StubHandler ChallengingWith(string realm) => new(r =>
    {
        if (r.RequestUri!.Host == "auth.example.com") return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"token":"t"}""") };
        var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"registry.example.com\"");
        return challenge;
    });

    [TestMethod]
    public async Task PlainHttpRealm_IsNeverSentAPassword()
    {
        var handler = ChallengingWith("http://auth.example.com/token");
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions
        {
            Handler = handler,
            InsecureRegistries = [],
            Credentials = new StaticCredentials(new RegistryCredential("robot", "secret-pw")),
        });

        var e = await Assert.ThrowsAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));

        Assert.AreEqual(ErrorCodes.InsecureRegistryNotAllowed, e.Code);
        Assert.Contains("auth.example.com", e.Message);
        Assert.DoesNotContain("secret-pw", e.Message);
        Assert.IsFalse(handler.Requests.Any(r => r.Uri.Host == "auth.example.com"), "no request may reach the http realm");
    }

    [TestMethod]
    public async Task HttpsRealm_GetsTheToken()
    {
        var handler = ChallengingWith("https://auth.example.com/token");
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions
        {
            Handler = handler,
            InsecureRegistries = [],
            Credentials = new StaticCredentials(new RegistryCredential("robot", "secret-pw")),
        });

        await Assert.ThrowsAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));

        Assert.IsTrue(handler.Requests.Any(r => r.Uri.Host == "auth.example.com"), "the https realm is asked for a token");
    }
}
