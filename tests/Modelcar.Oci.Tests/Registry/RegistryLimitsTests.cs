using Modelcar.Oci.Build;
using Modelcar.Oci.Registry.Limits;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>The table of documented registry limits, and the plan check that uses it (sizes only: no file is read).</summary>
[TestClass]
public sealed class RegistryLimitsTests
{
    [TestMethod]
    [DataRow("ghcr.io", "GitHub Container Registry (ghcr.io)")]
    [DataRow("GHCR.io:443", "GitHub Container Registry (ghcr.io)")]
    [DataRow("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "Amazon ECR")]
    [DataRow("public.ecr.aws", "Amazon ECR Public (public.ecr.aws)")]
    [DataRow("myacr.azurecr.io", "Azure Container Registry")]
    [DataRow("europe-west4-docker.pkg.dev", "Google Artifact Registry")]
    [DataRow("eu.gcr.io", "Google Container Registry (gcr.io)")]
    [DataRow("quay.io", "Quay.io")]
    [DataRow("docker.io", "Docker Hub")]
    public void KnownHosts_FindTheirRow(string host, string name) => Assert.AreEqual(name, RegistryLimits.For(host)?.Name);

    [TestMethod]
    [DataRow("harbor.example.com")]
    [DataRow("127.0.0.1:5000")]
    [DataRow("ghcr.io.evil.example")]
    [DataRow("")]
    public void UnknownHosts_HaveNoRow(string host) => Assert.IsNull(RegistryLimits.For(host));

    [TestMethod]
    public void EveryRow_NamesAnHttpsSource() =>
        Assert.IsTrue(RegistryLimits.All.All(r => r.Source.StartsWith("https://", StringComparison.Ordinal)), string.Join("\n", RegistryLimits.All));

    private static IReadOnlyList<PlannedLayer> Plan(params (string Path, long Size)[] files) =>
        LayerPlanner.Plan(files.Select(f => new PlannedFile(f.Path, f.Size, new LocalFile("/src/" + f.Path))), new LayerPlanOptions());

    [TestMethod]
    public void AShardOverGhcrsLimit_Is079_NamingFileSizeRegistryAndFix()
    {
        var layers = Plan(("config.json", 500), ("model-00002-of-00002.safetensors", 10_000_000_001));
        var error = Assert.ThrowsExactly<ModelcarException>(() => RegistryLimitCheck.Check("ghcr.io", null, layers));
        Assert.AreEqual(ErrorCodes.RegistryLimitExceeded, error.Code);
        Assert.Contains("/src/model-00002-of-00002.safetensors", error.Message);
        Assert.Contains("10,000,000,001 bytes", error.Message);
        Assert.Contains("ghcr.io", error.Message);
        Assert.Contains("10,000,000,000 bytes", error.Message);
        Assert.Contains("shards", error.Message);
        Assert.Contains("Amazon ECR", error.Message, "a registry that takes it is suggested");
    }

    [TestMethod]
    public void AShardThatFits_PassesGhcr_AndAnyShardPassesAnUnknownRegistry()
    {
        RegistryLimitCheck.Check("ghcr.io", null, Plan(("model.safetensors", 9_000_000_000)));
        RegistryLimitCheck.Check("harbor.example.com", null, Plan(("model.safetensors", 100_000_000_000)));
        RegistryLimitCheck.Check("", null, Plan(("model.safetensors", 100_000_000_000)));
    }

    [TestMethod]
    public void TheOverride_WinsOverTheTable_BothWays()
    {
        var big = Plan(("model.safetensors", 12_000_000_000));
        RegistryLimitCheck.Check("ghcr.io", 20L << 30, big);
        var error = Assert.ThrowsExactly<ModelcarException>(() => RegistryLimitCheck.Check("harbor.example.com", 8L << 30, big));
        Assert.Contains("ModelcarRegistryMaxLayerSize", error.Message);
    }

    [TestMethod]
    public void ALayerOfSmallFilesOverTheLimit_Is079_PointingAtContainerMaxLayerSize()
    {
        var layers = Plan(Enumerable.Range(0, 40).Select(i => ($"tok/{i}.bin", 1_000_000L)).ToArray());
        var error = Assert.ThrowsExactly<ModelcarException>(() => RegistryLimitCheck.Check("myregistry.example", 10_000_000, layers));
        Assert.AreEqual(ErrorCodes.RegistryLimitExceeded, error.Code);
        Assert.Contains("ContainerMaxLayerSize", error.Message);
        Assert.Contains("(for example 4MB)", error.Message, "a size below the limit is suggested");
    }
}
