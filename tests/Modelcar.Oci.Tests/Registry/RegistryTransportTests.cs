using System.Net;
using System.Security.Authentication;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class RegistryTransportTests
{
    private static readonly Digest Blob = Digest.ComputeSha256("hello"u8);

    private static HttpRequestException TlsFailure() =>
        new("The SSL connection could not be established, see inner exception.", new AuthenticationException("Cannot determine the frame size or a corrupted frame was received."));

    private sealed class NoCredentials : ICredentialProvider
    {
        public Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct) => Task.FromResult<RegistryCredential?>(null);
    }

    private sealed class FixedCredentials(RegistryCredential credential) : ICredentialProvider
    {
        public Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct) => Task.FromResult<RegistryCredential?>(credential);
    }

    private static RegistryClient Client(string registry, StubHandler handler, ICredentialProvider? credentials = null) =>
        new(registry, new RegistryClientOptions { Handler = handler, Credentials = credentials ?? new NoCredentials(), InsecureRegistries = [] });

    [TestMethod]
    public async Task TlsFailure_OnARegistryNotAllowedInsecure_IsRefusedWithTheVariableToSet()
    {
        var handler = new StubHandler(r => r.RequestUri!.Scheme == "https" ? throw TlsFailure() : new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client("registry.example.com:5000", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.InsecureRegistryNotAllowed, e.Code);
        Assert.Contains("DOTNET_CONTAINER_INSECURE_REGISTRIES", e.Message);
        Assert.Contains("registry.example.com:5000", e.Message);
        Assert.IsTrue(handler.Requests.All(r => r.Uri.Scheme == "https"), "never falls back to http");
    }

    [TestMethod]
    public async Task TlsFailure_OnAnAllowedRegistry_FallsBackToHttpOnce()
    {
        var handler = new StubHandler(r => r.RequestUri!.Scheme == "https" ? throw TlsFailure() : new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client("localhost:5999", handler);

        Assert.IsTrue(await client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));
        Assert.IsTrue(await client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));

        Assert.AreEqual(1, handler.Requests.Count(r => r.Uri.Scheme == "https"), "the scheme is decided once per client");
        Assert.AreEqual(2, handler.Requests.Count(r => r.Uri.Scheme == "http" && r.Method == HttpMethod.Head));
    }

    [TestMethod]
    public async Task ConnectionFailure_IsUnreachableAndNamesTheRegistry()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (nowhere.invalid:443)"));
        using var client = Client("nowhere.invalid", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code);
        Assert.Contains("nowhere.invalid", e.Message);
    }

    [TestMethod]
    public async Task BearerChallenge_FetchesATokenForTheScope_AndReusesIt()
    {
        var handler = new StubHandler(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com")
            {
                return Json(HttpStatusCode.OK, """{"token":"tok-1","expires_in":300}""");
            }
            if (r.Headers.Authorization?.ToString() != "Bearer tok-1")
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:acme/model:pull\"");
                return challenge;
            }
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var client = Client("registry.example.com", handler, new FixedCredentials(new RegistryCredential("robot", "secret")));

        Assert.IsTrue(await client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));
        Assert.IsTrue(await client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));

        var tokenRequests = handler.Requests.Where(r => r.Uri.Host == "auth.example.com").ToList();
        Assert.HasCount(1, tokenRequests);
        Assert.AreEqual("https://auth.example.com/token?service=registry.example.com&scope=repository%3Aacme%2Fmodel%3Apull&account=robot", tokenRequests[0].Uri.AbsoluteUri);
        Assert.AreEqual("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:secret")), tokenRequests[0].Authorization);
        Assert.AreEqual(1, handler.Requests.Count(r => r.Uri.Host == "registry.example.com" && r.Authorization is null), "only the first request is challenged");
    }

    [TestMethod]
    public async Task StillUnauthorized_AfterTheRetry_TellsWhichVariablesToSet()
    {
        var handler = new StubHandler(r =>
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"registry\"");
            return challenge;
        });
        using var client = Client("registry.example.com", handler, new FixedCredentials(new RegistryCredential("robot", "wrong")));

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains("registry.example.com", e.Message);
        Assert.Contains("rejected the credentials given (user 'robot')", e.Message);
        Assert.Contains("SDK_CONTAINER_REGISTRY_UNAME and SDK_CONTAINER_REGISTRY_PWORD", e.Message);
        Assert.DoesNotContain("wrong", e.Message);
        Assert.HasCount(2, handler.Requests);
    }

    [TestMethod]
    public async Task BasicChallenge_WithoutCredentials_FailsWithoutARetry()
    {
        var handler = new StubHandler(_ =>
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"registry\"");
            return challenge;
        });
        using var client = Client("registry.example.com", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.BlobExistsAsync("acme/model", Blob, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains("requires authentication", e.Message);
        Assert.HasCount(1, handler.Requests);
    }

    [TestMethod]
    public async Task Forbidden_IsDenied()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.Forbidden, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"""));
        using var client = Client("registry.example.com", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.PutManifestAsync("acme/model", "1.0", "{}"u8.ToArray(), MediaTypes.OciManifest, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryDenied, e.Code);
        Assert.Contains("DENIED: requested access to the resource is denied", e.Message);
    }

    [TestMethod]
    public async Task Forbidden_WithInsufficientScope_IsDeniedNamingTheRepositoryAndTheCredentialSource()
    {
        // A stub: the token registry of the test environment (TokenAuthTests) answers 401; some registries answer 403.
        var handler = new StubHandler(_ =>
        {
            var refused = Json(HttpStatusCode.Forbidden, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""");
            refused.Headers.TryAddWithoutValidation("WWW-Authenticate",
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:acme/model:pull,push\",error=\"insufficient_scope\"");
            return refused;
        });
        var environment = new Dictionary<string, string>
        {
            [EnvironmentCredentialProvider.PushUserNameVariable] = "robot",
            [EnvironmentCredentialProvider.PushPasswordVariable] = "secret-robot-pw",
        };
        using var client = Client("registry.example.com", handler, new EnvironmentCredentialProvider(Modelcar.Oci.Registry.Credentials.RegistryRole.Push, environment));

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.PutManifestAsync("acme/model", "1.0", "{}"u8.ToArray(), MediaTypes.OciManifest, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryDenied, e.Code);
        Assert.AreEqual(
            "The registry 'registry.example.com' accepted the credentials from the environment variables DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD (user 'robot'), " +
            "but the account may not push to the repository 'acme/model' (PUT /v2/acme/model/manifests/1.0 answered 403 with insufficient_scope). " +
            "A pull-only account or a robot account without push rights gets this: give the account push rights to the repository 'acme/model', or use credentials that have them.",
            e.Message);
        Assert.DoesNotContain("secret-robot-pw", e.Message);
    }

    [TestMethod]
    public async Task Html_InsteadOfAManifest_IsAProtocolErrorWithASnippet()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html><body>Please log in</body></html>", Encoding.UTF8, "text/html"),
        });
        using var client = Client("registry.example.com", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));

        Assert.AreEqual(ErrorCodes.RegistryProtocolError, e.Code);
        Assert.Contains("Please log in", e.Message);
    }

    [TestMethod]
    public async Task ManifestWithAWrongDigestHeader_FailsVerification()
    {
        var handler = new StubHandler(_ =>
        {
            var response = Json(HttpStatusCode.OK, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""");
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Blob.ToString());
            return response;
        });
        using var client = Client("registry.example.com", handler);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));

        Assert.AreEqual(ErrorCodes.BlobVerificationFailed, e.Code);
    }

    [TestMethod]
    public async Task GenericContentType_TakesTheMediaTypeFromTheDocument()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""));
        using var client = Client("registry.example.com", handler);

        var manifest = await client.GetManifestAsync("acme/model", "1.0", CancellationToken.None);

        Assert.AreEqual(MediaTypes.OciIndex, manifest!.MediaType);
    }

    [TestMethod]
    public async Task BlobRedirect_ToAnotherHost_DropsTheAuthorization()
    {
        var handler = new StubHandler(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com") return Json(HttpStatusCode.OK, """{"access_token":"tok"}""");
            if (r.RequestUri.Host == "storage.example.net") return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("hello"u8.ToArray()) };
            if (r.Headers.Authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example.com/token\",service=\"r\"");
                return challenge;
            }
            var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            redirect.Headers.TryAddWithoutValidation("Location", "https://storage.example.net/blob?sig=1");
            return redirect;
        });
        using var client = Client("registry.example.com", handler);

        await using (var stream = await client.OpenBlobAsync("acme/model", Blob, CancellationToken.None))
        {
            using var reader = new StreamReader(stream);
            Assert.AreEqual("hello", await reader.ReadToEndAsync());
        }

        var storage = handler.Requests.Single(r => r.Uri.Host == "storage.example.net");
        Assert.IsNull(storage.Authorization);
        Assert.IsTrue(handler.Requests.Any(r => r.Uri.Host == "registry.example.com" && r.Authorization == "Bearer tok"));
    }

    [TestMethod]
    public async Task TamperedBlob_FailsAtTheEndOfTheStream()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("hellO"u8.ToArray()) });
        using var client = Client("registry.example.com", handler);

        await using var stream = await client.OpenBlobAsync("acme/model", Blob, CancellationToken.None);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => stream.CopyToAsync(Stream.Null));
        Assert.AreEqual(ErrorCodes.BlobVerificationFailed, e.Code);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
