using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class InsecureRegistryPolicyTests
{
    [TestMethod]
    [DataRow("localhost")]
    [DataRow("localhost:5000")]
    [DataRow("127.0.0.1:5000")]
    [DataRow("127.0.0.1")]
    [DataRow("[::1]:5000")]
    [DataRow("[::1]")]
    public void Loopback_IsAlwaysAllowed(string registry)
    {
        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed(registry, []));
    }

    [TestMethod]
    [DataRow("quay.io")]
    [DataRow("registry.internal:5000")]
    [DataRow("10.0.0.5:5000")]
    [DataRow("localhost.example.com")]
    public void OtherRegistries_AreNotAllowedUnlessListed(string registry)
    {
        Assert.IsFalse(InsecureRegistryPolicy.IsInsecureAllowed(registry, []));
    }

    [TestMethod]
    public void ListedHostWithPort_MatchesOnlyThatPort()
    {
        var insecure = InsecureRegistryPolicy.Parse("registry.internal:5000");

        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed("registry.internal:5000", insecure));
        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed("Registry.Internal:5000", insecure));
        Assert.IsFalse(InsecureRegistryPolicy.IsInsecureAllowed("registry.internal:5001", insecure));
        Assert.IsFalse(InsecureRegistryPolicy.IsInsecureAllowed("registry.internal", insecure));
    }

    [TestMethod]
    public void ListedBareHost_MatchesAnyPort()
    {
        var insecure = InsecureRegistryPolicy.Parse("registry.internal");

        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed("registry.internal", insecure));
        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed("registry.internal:5000", insecure));
    }

    [TestMethod]
    public void Parse_SplitsOnCommasAndSemicolonsAndToleratesUrls()
    {
        var insecure = InsecureRegistryPolicy.Parse(" a.example:5000 ; b.example,http://c.example:80/ ,, ");

        CollectionAssert.AreEqual(new[] { "a.example:5000", "b.example", "c.example:80" }, insecure.ToArray());
        Assert.IsTrue(InsecureRegistryPolicy.IsInsecureAllowed("c.example:80", insecure));
    }

    [TestMethod]
    public void Parse_OfNothing_IsEmpty()
    {
        Assert.IsEmpty(InsecureRegistryPolicy.Parse(null));
        Assert.IsEmpty(InsecureRegistryPolicy.Parse("  "));
    }
}
