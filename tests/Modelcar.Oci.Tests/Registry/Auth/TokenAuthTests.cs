using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>
/// Bearer tokens against the real docker-registry with <c>auth: token</c> from eng/test-env/auth-registries-up.sh;
/// the registry verifies every JWT that <see cref="TokenService"/> (ours: none ships here) signs.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class TokenAuthTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client(RegistryCredential? credential, int chunkSize = 16 * 1024 * 1024) =>
        new(TestEnvironment.AuthTokenRegistry, new RegistryClientOptions { Credentials = new StaticCredentials(credential), InsecureRegistries = [], ChunkSize = chunkSize });

    private static RegistryCredential Good => new(TestEnvironment.AuthUser, TestEnvironment.AuthPassword);

    [TestMethod]
    public async Task Password_IsExchangedForATokenByGet_AndThePushIsReadable()
    {
        var service = await TokenService.StartAsync();
        string repository = AuthTestSupport.NewRepository("basic-grant");
        using var client = Client(Good);

        Digest pushed = await AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct);

        using var reader = Client(Good);
        Assert.AreEqual(pushed, (await reader.GetManifestAsync(repository, "1.0", Ct))!.Digest);
        Assert.IsTrue(service.Issued.Any(t => t.Grant == "basic" && t.Scope.Contains($"repository:{repository}:pull,push")));
    }

    [TestMethod]
    public async Task IdentityToken_IsExchangedByAnOAuth2RefreshGrant()
    {
        var service = await TokenService.StartAsync();
        string repository = AuthTestSupport.NewRepository("refresh-grant");
        using var client = Client(new RegistryCredential(null, null, TokenService.RefreshToken));

        await AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct);

        Assert.IsTrue(service.Issued.Any(t => t.Grant == "refresh_token" && t.Scope.Contains(repository)));
        Assert.IsFalse(service.Issued.Any(t => t.Grant == "basic" && t.Scope.Contains(repository)));
    }

    [TestMethod]
    public async Task WrongPassword_IsMODELCAR042NamingTheRegistry_AndNothingIsPushed()
    {
        await TokenService.StartAsync();
        string repository = AuthTestSupport.NewRepository("wrong-password");
        using var client = Client(new RegistryCredential(TestEnvironment.AuthUser, "not-the-password"));

        var e = await Assert.ThrowsAsync<ModelcarException>(() => AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct));

        Assert.AreEqual(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains(TestEnvironment.AuthTokenRegistry, e.Message);
        Assert.DoesNotContain("not-the-password", e.Message);
        using var reader = Client(Good);
        Assert.IsNull(await reader.GetManifestAsync(repository, "1.0", Ct));
    }

    [TestMethod]
    public async Task PullOnlyAccount_PushIsMODELCAR043SayingItMayNotPush_AndWhereTheCredentialCameFrom()
    {
        var service = await TokenService.StartAsync();
        string repository = AuthTestSupport.NewRepository("pull-only");
        service.SetPullOnly(repository);
        // The credential comes from the environment pair, through the same chain a publish uses, so the message can say where.
        var environment = new Dictionary<string, string>
        {
            [EnvironmentCredentialProvider.LegacyUserNameVariable] = TestEnvironment.AuthUser,
            [EnvironmentCredentialProvider.LegacyPasswordVariable] = TestEnvironment.AuthPassword,
        };
        var chain = new CredentialChain([new EnvironmentCredentialProvider(RegistryRole.Push, environment)], NullModelcarLog.Instance, RegistryRole.Push);
        using var client = new RegistryClient(TestEnvironment.AuthTokenRegistry, new RegistryClientOptions { Credentials = chain, InsecureRegistries = [] });

        var e = await Assert.ThrowsAsync<ModelcarException>(() => AuthTestSupport.PushMinimalImageAsync(client, repository, "1.0", Ct));

        Assert.AreEqual(ErrorCodes.RegistryDenied, e.Code, e.Message);
        Assert.AreEqual(
            $"The registry '{TestEnvironment.AuthTokenRegistry}' accepted the credentials from the environment variables SDK_CONTAINER_REGISTRY_UNAME/SDK_CONTAINER_REGISTRY_PWORD (user '{TestEnvironment.AuthUser}'), " +
            $"but the account may not push to the repository '{repository}' (POST /v2/{repository}/blobs/uploads/ answered 401 with insufficient_scope). " +
            $"A pull-only account or a robot account without push rights gets this: give the account push rights to the repository '{repository}', or use credentials that have them.",
            e.Message);
        Assert.DoesNotContain(TestEnvironment.AuthPassword, e.Message);
        Assert.IsTrue(service.Issued.Any(t => t.Grant == "basic" && t.Scope.Contains($"repository:{repository}:pull,push")), "push was asked for");
        using var reader = Client(Good);
        Assert.IsNull(await reader.GetManifestAsync(repository, "1.0", Ct), "nothing was pushed");
    }

    [TestMethod]
    public async Task Anonymous_IsMODELCAR042SayingHowToLogIn()
    {
        await TokenService.StartAsync();
        using var client = Client(null);

        var e = await Assert.ThrowsAsync<ModelcarException>(() => AuthTestSupport.PushMinimalImageAsync(client, AuthTestSupport.NewRepository("anonymous"), "1.0", Ct));

        Assert.AreEqual(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains($"Log in with 'docker login {TestEnvironment.AuthTokenRegistry}' or 'podman login {TestEnvironment.AuthTokenRegistry}'", e.Message);
        Assert.Contains("SDK_CONTAINER_REGISTRY_UNAME and SDK_CONTAINER_REGISTRY_PWORD", e.Message);
    }

    [TestMethod]
    public async Task TokenExpiringMidPush_IsRefreshedOnce_AndTheUploadCompletes()
    {
        var service = await TokenService.StartAsync();
        string repository = AuthTestSupport.NewRepository("expiry");
        // Tokens for this repository die after 2 s at the registry, but the answer says 300 s, so the client's cache
        // cannot see it coming (as with a revoked token or a skewed clock): only the registry's 401 can tell it.
        service.SetRealLifetime(repository, TimeSpan.FromSeconds(2));
        byte[] blob = AuthTestSupport.RandomBytes(4 * 64 * 1024 + 123);
        using var client = Client(Good, chunkSize: 64 * 1024);
        var progress = new WaitForExpiryAfterFirstChunk(service, repository);

        var (digest, size) = await client.PushBlobStreamAsync(repository, new MemoryStream(blob), progress, Ct);

        Assert.IsTrue(progress.Waited, "the upload never reported a first chunk");
        Assert.AreEqual(Digest.ComputeSha256(blob), digest);
        Assert.AreEqual(blob.Length, size);
        Assert.IsGreaterThanOrEqualTo(2, service.Issued.Count(t => t.Scope.Contains($"repository:{repository}:pull,push")), "the expired token was not replaced");
        using var reader = Client(Good);
        CollectionAssert.AreEqual(blob, await reader.GetBlobBytesAsync(repository, digest, Ct));
    }

    /// <summary>
    /// Holds the upload after its first chunk until the token it uses has expired at the registry, so the next
    /// chunk is certain to meet a 401. Waits on the token's own expiry time, not on a guess.
    /// </summary>
    private sealed class WaitForExpiryAfterFirstChunk(TokenService service, string repository) : IProgress<long>
    {
        public bool Waited { get; private set; }

        public void Report(long value)
        {
            if (Waited || value == 0) return;
            Waited = true;
            DateTimeOffset expiry = service.Issued.Where(t => t.Scope.Contains(repository)).Max(t => t.ExpiresAt);
            while (DateTimeOffset.UtcNow <= expiry.AddSeconds(1)) Thread.Sleep(100);
        }
    }
}
