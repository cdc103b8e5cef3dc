using Modelcar.Oci.Registry.Credentials;

namespace Modelcar.Oci.Tests.Registry.Credentials;

[TestClass]
public sealed class RegistryKeysTests
{
    [TestMethod]
    [DataRow("https://index.docker.io/v1/", "docker.io")]
    [DataRow("index.docker.io", "docker.io")]
    [DataRow("registry-1.docker.io", "docker.io")]
    [DataRow("https://quay.io", "quay.io")]
    [DataRow("http://127.0.0.1:5000/v2/", "127.0.0.1:5000")]
    [DataRow("GHCR.io", "ghcr.io")]
    public void Normalize_ReducesKeysToHostAndPort(string key, string expected) =>
        Assert.AreEqual(expected, RegistryKeys.Normalize(key));

    [TestMethod]
    public void HelperServerUrl_IsDockersKeyForDockerHub()
    {
        Assert.AreEqual("https://index.docker.io/v1/", RegistryKeys.HelperServerUrl("docker.io"));
        Assert.AreEqual("quay.io", RegistryKeys.HelperServerUrl("quay.io"));
    }

    [TestMethod]
    public void Matches_DistinguishesPorts() =>
        Assert.IsFalse(RegistryKeys.Matches("127.0.0.1:5000", "127.0.0.1:5001"));
}
