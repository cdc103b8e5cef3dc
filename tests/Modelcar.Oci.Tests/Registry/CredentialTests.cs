using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class CredentialTests
{
    [TestMethod]
    public void ToString_NeverShowsTheSecrets()
    {
        string text = new RegistryCredential("robot", "hunter2-password", "refresh-token-xyz").ToString();

        Assert.Contains("robot", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("refresh-token", text);
    }

    [TestMethod]
    public async Task Environment_DotnetVariablesWinOverTheLegacyOnes()
    {
        var provider = new EnvironmentCredentialProvider(new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "new",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "new-pw",
            ["SDK_CONTAINER_REGISTRY_UNAME"] = "old",
            ["SDK_CONTAINER_REGISTRY_PWORD"] = "old-pw",
        });

        var credential = await provider.GetAsync("quay.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("new", "new-pw"), credential);
    }

    [TestMethod]
    public async Task Environment_FallsBackToTheLegacyVariables()
    {
        var provider = new EnvironmentCredentialProvider(new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "half-set",
            ["SDK_CONTAINER_REGISTRY_UNAME"] = "old",
            ["SDK_CONTAINER_REGISTRY_PWORD"] = "old-pw",
        });

        var credential = await provider.GetAsync("quay.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("old", "old-pw"), credential);
    }

    [TestMethod]
    public async Task Environment_WithoutVariables_IsAnonymous()
    {
        var provider = new EnvironmentCredentialProvider(new Dictionary<string, string>());

        Assert.IsNull(await provider.GetAsync("quay.io", CancellationToken.None));
    }

    [TestMethod]
    public async Task Environment_TokenUserName_MeansAnIdentityToken()
    {
        var provider = new EnvironmentCredentialProvider(new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "<token>",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "refresh",
        });

        var credential = await provider.GetAsync("myacr.azurecr.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential(null, null, "refresh"), credential);
    }
}
