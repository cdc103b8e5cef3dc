using System.Text;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Registry.Credentials;

[TestClass]
public sealed class AuthFileCredentialSourceTests
{
    private static HelperScripts s_helpers = null!;

    [ClassInitialize]
    public static void Init(TestContext _) => s_helpers = new HelperScripts();

    [ClassCleanup]
    public static void Cleanup() => s_helpers.Dispose();

    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static async Task<FoundCredential?> FindAsync(string json, string registry)
    {
        using var directory = new TempDirectory();
        string path = directory.WriteFile("config.json", Encoding.UTF8.GetBytes(json));
        return await new AuthFileCredentialSource(path, NullModelcarLog.Instance).FindAsync(registry, CancellationToken.None);
    }

    [TestMethod]
    public async Task Auths_DecodesTheBase64UserAndPassword()
    {
        var found = await FindAsync($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("robot", "pa:ss")}}}}"}}}""", "quay.io");

        Assert.AreEqual(new RegistryCredential("robot", "pa:ss"), found!.Credential);
        Assert.Contains("auths", found.Source);
    }

    [TestMethod]
    public async Task Auths_DockerHubKeyServesDockerIo()
    {
        var found = await FindAsync($$$$"""{"auths":{"https://index.docker.io/v1/":{"auth":"{{{{Auth("hubuser", "hubpw")}}}}"}}}""", "docker.io");

        Assert.AreEqual(new RegistryCredential("hubuser", "hubpw"), found!.Credential);
    }

    [TestMethod]
    public async Task Auths_IdentityTokenBecomesARefreshToken()
    {
        var found = await FindAsync("""{"auths":{"myacr.azurecr.io":{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":"refresh-xyz"}}}""", "myacr.azurecr.io");

        Assert.AreEqual("refresh-xyz", found!.Credential.IdentityToken);
        Assert.IsNull(found.Credential.Password);
    }

    [TestMethod]
    public async Task Auths_OtherRegistryOrRepositoryScopedKey_HasNothing()
    {
        string json = $$$$"""{"auths":{"quay.io/acme":{"auth":"{{{{Auth("a", "b")}}}}"},"ghcr.io":{"auth":"{{{{Auth("c", "d")}}}}"}}}""";

        Assert.IsNull(await FindAsync(json, "quay.io"));
    }

    [TestMethod]
    public async Task MissingFile_HasNothing()
    {
        var source = new AuthFileCredentialSource("/nonexistent/modelcar/config.json", NullModelcarLog.Instance);

        Assert.IsNull(await source.FindAsync("quay.io", CancellationToken.None));
    }

    [TestMethod]
    public async Task InvalidJson_IsMODELCAR049NamingTheFile()
    {
        var e = await Assert.ThrowsAsync<ModelcarException>(() => FindAsync("{ not json", "quay.io"));

        Assert.AreEqual(ErrorCodes.InvalidCredentialFile, e.Code);
        Assert.Contains("config.json", e.Message);
    }

    [TestMethod]
    public async Task BadBase64_IsMODELCAR049()
    {
        var e = await Assert.ThrowsAsync<ModelcarException>(() => FindAsync("""{"auths":{"quay.io":{"auth":"***"}}}""", "quay.io"));

        Assert.AreEqual(ErrorCodes.InvalidCredentialFile, e.Code);
        Assert.Contains("quay.io", e.Message);
    }

    [TestMethod]
    public async Task CredHelpers_RunsTheHelperWithTheServerOnStdin()
    {
        string helper = s_helpers.AddHelper("helper-user", "helper-secret", "quay.io");

        var found = await FindAsync($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("file", "file-pw")}}}}"}},"credHelpers":{"quay.io":"{{{{helper}}}}"}}""", "quay.io");

        Assert.AreEqual(new RegistryCredential("helper-user", "helper-secret"), found!.Credential);
        Assert.AreEqual("quay.io", s_helpers.StdinOf(helper));
        Assert.Contains("docker-credential-" + helper, found.Source);
    }

    [TestMethod]
    public async Task CredsStore_IsAskedWithDockerHubsKey()
    {
        string helper = s_helpers.AddHelper("hub", "hub-secret", "https://index.docker.io/v1/");

        var found = await FindAsync($$$$"""{"auths":{"https://index.docker.io/v1/":{}},"credsStore":"{{{{helper}}}}"}""", "docker.io");

        Assert.AreEqual(new RegistryCredential("hub", "hub-secret"), found!.Credential);
        Assert.AreEqual("https://index.docker.io/v1/", s_helpers.StdinOf(helper));
    }

    [TestMethod]
    public async Task Helper_TokenUserMeansIdentityToken()
    {
        string helper = s_helpers.AddHelper("<token>", "acr-refresh", "myacr.azurecr.io");

        var found = await FindAsync($$$$"""{"credHelpers":{"myacr.azurecr.io":"{{{{helper}}}}"}}""", "myacr.azurecr.io");

        Assert.AreEqual(new RegistryCredential(null, null, "acr-refresh"), found!.Credential);
    }

    [TestMethod]
    public async Task Helper_NotFoundAnswer_FallsThroughToAuths()
    {
        string helper = s_helpers.AddHelper("x", "y", "other.example");

        var found = await FindAsync($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("file", "file-pw")}}}}"}},"credsStore":"{{{{helper}}}}"}""", "quay.io");

        Assert.AreEqual(new RegistryCredential("file", "file-pw"), found!.Credential);
    }

    [TestMethod]
    public async Task Helper_Failing_IsMODELCAR047WithItsStderr()
    {
        string helper = s_helpers.AddFailingHelper();

        var e = await Assert.ThrowsAsync<ModelcarException>(() => FindAsync($$$$"""{"credHelpers":{"quay.io":"{{{{helper}}}}"}}""", "quay.io"));

        Assert.AreEqual(ErrorCodes.CredentialHelperFailed, e.Code);
        Assert.Contains("keychain is locked", e.Message);
        Assert.Contains("quay.io", e.Message);
    }

    [TestMethod]
    public async Task Helper_NotOnPath_IsMODELCAR048ForCredHelpers()
    {
        var e = await Assert.ThrowsAsync<ModelcarException>(() => FindAsync("""{"credHelpers":{"quay.io":"modelcar-no-such-helper"}}""", "quay.io"));

        Assert.AreEqual(ErrorCodes.CredentialHelperNotFound, e.Code);
        Assert.Contains("docker-credential-modelcar-no-such-helper", e.Message);
    }

    [TestMethod]
    public async Task CredsStore_NotOnPath_IsSkipped()
    {
        var found = await FindAsync($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("file", "file-pw")}}}}"}},"credsStore":"modelcar-no-such-store"}""", "quay.io");

        Assert.AreEqual("file", found!.Credential.Username);
    }
}
