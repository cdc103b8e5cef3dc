using System.Text;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Registry.Credentials;

[TestClass]
public sealed class CredentialChainTests
{
    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [TestMethod]
    public async Task FirstSourceWithACredentialWins_AndTheLogNamesItWithoutTheSecret()
    {
        using var directory = new TempDirectory();
        string docker = directory.WriteFile("docker/config.json", Encoding.UTF8.GetBytes($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("docker-user", "docker-secret")}}}}"}}}"""));
        string podman = directory.WriteFile("containers/auth.json", Encoding.UTF8.GetBytes($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("podman-user", "podman-secret")}}}}"},"ghcr.io":{"auth":"{{{{Auth("gh", "gh-secret")}}}}"}}}"""));
        var log = new CollectingLog();
        var chain = new CredentialChain(
        [
            new EnvironmentCredentialProvider(RegistryRole.Push, new Dictionary<string, string>()),
            new AuthFileCredentialSource(docker, log),
            new AuthFileCredentialSource(podman, log),
        ], log);

        var credential = await chain.GetAsync("quay.io", CancellationToken.None);

        Assert.AreEqual(new RegistryCredential("docker-user", "docker-secret"), credential);
        string lines = string.Join('\n', log.Lines);
        Assert.Contains(docker, lines);
        Assert.DoesNotContain("docker-secret", lines);
    }

    [TestMethod]
    public async Task PodmanAuthFile_IsUsedWhenDockerHasNothing()
    {
        using var directory = new TempDirectory();
        string podman = directory.WriteFile("containers/auth.json", Encoding.UTF8.GetBytes($$$$"""{"auths":{"quay.io":{"auth":"{{{{Auth("podman-user", "podman-secret")}}}}"}}}"""));
        var chain = new CredentialChain(
        [
            new AuthFileCredentialSource(directory.Combine("docker/config.json"), NullModelcarLog.Instance),
            new AuthFileCredentialSource(podman, NullModelcarLog.Instance),
        ], NullModelcarLog.Instance);

        Assert.AreEqual("podman-user", (await chain.GetAsync("quay.io", CancellationToken.None))?.Username);
    }

    [TestMethod]
    public async Task NoSource_IsAnonymous()
    {
        var log = new CollectingLog();
        var chain = new CredentialChain([new EnvironmentCredentialProvider(RegistryRole.Push, new Dictionary<string, string>())], log);

        Assert.IsNull(await chain.GetAsync("quay.io", CancellationToken.None));
        Assert.IsTrue(log.Lines.Any(l => l.Contains("anonymously")));
    }

    [TestMethod]
    public void ContainersAuthFile_RegistryAuthFileReplacesTheDefaults()
    {
        var paths = ContainersAuthFile.Paths(name => name switch { "REGISTRY_AUTH_FILE" => "/x/auth.json", "XDG_RUNTIME_DIR" => "/run/user/1", _ => null });

        CollectionAssert.AreEqual(new[] { "/x/auth.json" }, paths.ToArray());
    }

    [TestMethod]
    public void ContainersAuthFile_RuntimeDirThenHome()
    {
        var paths = ContainersAuthFile.Paths(name => name switch { "XDG_RUNTIME_DIR" => "/run/user/1", "HOME" => "/home/u", _ => null });

        CollectionAssert.AreEqual(new[] { "/run/user/1/containers/auth.json", "/home/u/.config/containers/auth.json" }, paths.ToArray());
    }

    [TestMethod]
    public void DockerConfig_DockerConfigVariableWins()
    {
        Assert.AreEqual("/cfg/config.json", DockerConfigCredentialSource.ConfigPath(name => name == "DOCKER_CONFIG" ? "/cfg" : "/home/u"));
        Assert.AreEqual("/home/u/.docker/config.json", DockerConfigCredentialSource.ConfigPath(name => name == "HOME" ? "/home/u" : null));
    }
}
