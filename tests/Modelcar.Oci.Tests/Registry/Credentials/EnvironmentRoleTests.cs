using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;

namespace Modelcar.Oci.Tests.Registry.Credentials;

[TestClass]
public sealed class EnvironmentRoleTests
{
    private static readonly Dictionary<string, string> All = new()
    {
        ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "pusher",
        ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "push-pw",
        ["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "puller",
        ["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "pull-pw",
        ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "shared",
        ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "shared-pw",
    };

    [TestMethod]
    public async Task Push_PrefersThePushPair()
    {
        var found = await new EnvironmentCredentialProvider(RegistryRole.Push, All).FindAsync("quay.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("pusher", "push-pw"), found!.Credential);
        Assert.Contains("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", found.Source);
        Assert.DoesNotContain("push-pw", found.Source);
    }

    [TestMethod]
    public async Task Push_FallsBackToTheSharedPair()
    {
        var environment = new Dictionary<string, string>(All);
        environment.Remove("DOTNET_CONTAINER_PUSH_REGISTRY_PWORD");

        var credential = await new EnvironmentCredentialProvider(RegistryRole.Push, environment).GetAsync("quay.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("shared", "shared-pw"), credential);
    }

    [TestMethod]
    public async Task Pull_UsesOnlyThePullPair()
    {
        var credential = await new EnvironmentCredentialProvider(RegistryRole.Pull, All).GetAsync("docker.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("puller", "pull-pw"), credential);
    }

    [TestMethod]
    public async Task Pull_NeverSendsTheDestinationsSharedPair()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "shared",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "shared-pw",
            ["SDK_CONTAINER_REGISTRY_UNAME"] = "old",
            ["SDK_CONTAINER_REGISTRY_PWORD"] = "old-pw",
        };

        Assert.IsNull(await new EnvironmentCredentialProvider(RegistryRole.Pull, environment).GetAsync("docker.io", CancellationToken.None));
    }
}
