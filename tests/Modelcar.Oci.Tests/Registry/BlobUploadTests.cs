using System.Net;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>The exact requests of the upload protocol, which the real registry accepts but does not show.</summary>
[TestClass]
public sealed class BlobUploadTests
{
    [TestMethod]
    public async Task Chunks_CarryTheSpecsContentRange_AndFollowEachNewLocation()
    {
        int session = 0;
        var handler = new StubHandler(r =>
        {
            if (r.Method == HttpMethod.Put) return new HttpResponseMessage(HttpStatusCode.Created);
            var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
            // Relative first, then absolute: both forms occur in the wild.
            string next = session++ == 0 ? "/v2/acme/model/blobs/uploads/u?_state=s0%3D" : $"https://registry.example.com/v2/acme/model/blobs/uploads/u?_state=s{session - 1}%3D";
            accepted.Headers.TryAddWithoutValidation("Location", next);
            return accepted;
        });
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions { Handler = handler, ChunkSize = 10, Credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>()) });
        byte[] content = Encoding.ASCII.GetBytes("0123456789abcdefghijKLMNO");

        var (digest, size) = await client.PushBlobStreamAsync("acme/model", new MemoryStream(content), null, CancellationToken.None);

        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(25, size);
        var bodies = handler.Bodies.ToList();
        Assert.HasCount(4, bodies);
        Assert.AreEqual(HttpMethod.Post, bodies[0].Method);
        Assert.AreEqual((HttpMethod.Patch, "https://registry.example.com/v2/acme/model/blobs/uploads/u?_state=s0%3D", "0-9", 10L), (bodies[1].Method, bodies[1].Uri, bodies[1].ContentRange, bodies[1].Length));
        Assert.AreEqual((HttpMethod.Patch, "https://registry.example.com/v2/acme/model/blobs/uploads/u?_state=s1%3D", "10-19", 10L), (bodies[2].Method, bodies[2].Uri, bodies[2].ContentRange, bodies[2].Length));
        Assert.AreEqual((HttpMethod.Put, $"https://registry.example.com/v2/acme/model/blobs/uploads/u?_state=s2%3D&digest=sha256%3A{digest.Encoded}", 5L), (bodies[3].Method, bodies[3].Uri, bodies[3].Length));
    }

    [TestMethod]
    public async Task IdentityToken_IsExchangedByOAuthPost_NotSentAsAPassword()
    {
        var handler = new StubHandler(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com") return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"access_token":"acc"}""") };
            if (r.Headers.Authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example.com/oauth2/token\",service=\"myacr.azurecr.io\"");
                return challenge;
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });
        var credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "<token>",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "refresh-xyz",
        });
        using var client = new RegistryClient("myacr.azurecr.io", new RegistryClientOptions { Handler = handler, Credentials = credentials });

        Assert.IsFalse(await client.BlobExistsAsync("acme/model", Digest.ComputeSha256("x"u8), CancellationToken.None));

        var token = handler.Bodies.Single(b => b.Uri.StartsWith("https://auth.example.com/", StringComparison.Ordinal));
        Assert.AreEqual(HttpMethod.Post, token.Method);
        Assert.Contains("grant_type=refresh_token", token.Body!);
        Assert.Contains("refresh_token=refresh-xyz", token.Body!);
        Assert.Contains("scope=repository%3Aacme%2Fmodel%3Apull", token.Body!);
        Assert.IsTrue(handler.Requests.Any(r => r.Authorization == "Bearer acc"));
    }
}
