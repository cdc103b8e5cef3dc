using System.Text.Json;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.ImageDocuments;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tests.Build.ImageDocuments;

/// <summary>ContainerLabel and ContainerEnvironmentVariable items in the image config, over the base's own.</summary>
[TestClass]
public sealed class ConfigLabelsAndEnvTests
{
    [TestMethod]
    public void LabelsAndEnv_AreAddedToTheBasesConfig_AndReplaceTheSameNames()
    {
        var baseConfig = JsonNode.Parse("""{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin","LANG=C"],"Labels":{"maintainer":"base","keep":"yes"}},"rootfs":{"type":"layers","diff_ids":[]}}""")!.AsObject();
        BaseImage baseImage = BaseImage.Scratch(Platform.Parse("linux/amd64")) with { Config = baseConfig };

        byte[] config = ImageConfigBuilder.Build(baseImage, "1010", [], DateTimeOffset.UnixEpoch, out _, null,
            labels: [new("maintainer", "ml-team"), new("team", "vision")],
            environment: [new("LANG", "C.UTF-8"), new("HF_HUB_OFFLINE", "1")]);

        using JsonDocument document = JsonDocument.Parse(config);
        JsonElement runtime = document.RootElement.GetProperty("config");
        Assert.AreEqual("ml-team", runtime.GetProperty("Labels").GetProperty("maintainer").GetString());
        Assert.AreEqual("yes", runtime.GetProperty("Labels").GetProperty("keep").GetString());
        Assert.AreEqual("vision", runtime.GetProperty("Labels").GetProperty("team").GetString());
        CollectionAssert.AreEqual(new[] { "PATH=/bin", "LANG=C.UTF-8", "HF_HUB_OFFLINE=1" }, runtime.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    [TestMethod]
    public void NoItems_LeaveTheConfigWithoutLabelsOrEnv()
    {
        byte[] config = ImageConfigBuilder.Build(BaseImage.Scratch(Platform.Parse("linux/amd64")), "1010", [], DateTimeOffset.UnixEpoch, out _);
        using JsonDocument document = JsonDocument.Parse(config);
        JsonElement runtime = document.RootElement.GetProperty("config");
        Assert.IsFalse(runtime.TryGetProperty("Labels", out _));
        Assert.IsFalse(runtime.TryGetProperty("Env", out _));
    }
}
