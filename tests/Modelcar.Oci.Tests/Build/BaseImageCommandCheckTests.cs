using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Build;

/// <summary>The classic-mode command check on the test registry's busybox images, read layer by layer.</summary>
[TestClass]
[TestCategory("Registry")]
public sealed class BaseImageCommandCheckTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client() => new(TestEnvironment.Registry, new RegistryClientOptions());

    private async Task<BaseImage> ResolveAsync(RegistryClient client, string reference) =>
        await BaseImageResolver.ResolveAsync(client, ImageReference.Parse(reference), Platform.Parse("linux/amd64"), Ct);

    [TestMethod]
    public async Task Busybox_HasEveryCommand_OnItsPath()
    {
        using RegistryClient client = Client();
        BaseImage busybox = await ResolveAsync(client, TestEnvironment.BaseImage);

        IReadOnlyDictionary<string, string?> found = await BaseImageCommandCheck.LocateAsync(busybox, ClassicModeCommands.Required, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct);

        foreach (string command in ClassicModeCommands.Required) Assert.AreEqual($"/bin/{command}", found[command], command);
        await BaseImageCommandCheck.EnsureClassicModeAsync(busybox, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct);
    }

    [TestMethod]
    public async Task NoSleepBase_FailsWithTheMissingCommand_AndTheWayOut()
    {
        using RegistryClient client = Client();
        BaseImage noSleep = await ResolveAsync(client, TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_NOSLEEP"));

        var error = await Assert.ThrowsAsync<ModelcarException>(() => BaseImageCommandCheck.EnsureClassicModeAsync(noSleep, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct));

        Assert.AreEqual(ErrorCodes.BaseImageLacksCommands, error.Code);
        StringAssert.Contains(error.Message, "has no sleep on its PATH");
        StringAssert.Contains(error.Message, "busybox-nosleep");
        StringAssert.Contains(error.Message, "KServeStorageMode=oci+native");
        StringAssert.Contains(error.Message, "ModelcarSkipBaseImageCheck");
    }

    [TestMethod]
    public async Task Cache_ByManifestDigest_AnswersWithoutReadingALayer()
    {
        using RegistryClient client = Client();
        using var work = new TempDirectory();
        string cachePath = work.Combine("obj", "basecheck.json");
        BaseImage noSleep = await ResolveAsync(client, TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_NOSLEEP"));
        await Assert.ThrowsAsync<ModelcarException>(() => BaseImageCommandCheck.EnsureClassicModeAsync(noSleep, BaseImageCommandCache.Load(cachePath), NullModelcarLog.Instance, Ct));
        StringAssert.Contains(File.ReadAllText(cachePath), noSleep.ManifestDigest!.Value.ToString());

        // No blob source at all: any layer read would fail, so the answer below comes from the cache file alone.
        BaseImage unreadable = noSleep with { Blobs = null };
        var log = new CollectingLog();
        var error = await Assert.ThrowsAsync<ModelcarException>(() => BaseImageCommandCheck.EnsureClassicModeAsync(unreadable, BaseImageCommandCache.Load(cachePath), log, Ct));

        Assert.AreEqual(ErrorCodes.BaseImageLacksCommands, error.Code);
        Assert.IsTrue(log.Lines.Any(l => l.Contains("not read again")), string.Join('\n', log.Lines));
    }

    [TestMethod]
    public async Task NotATar_IsReportedAsUnreadable()
    {
        using RegistryClient client = Client();
        BaseImage busybox = await ResolveAsync(client, TestEnvironment.BaseImage);
        // The config blob is JSON, not a tar: present it as the base's only layer.
        Descriptor configLayer = await ConfigDescriptorAsync(client, busybox);
        BaseImage broken = busybox with { Layers = [configLayer], ManifestDigest = null };

        var error = await Assert.ThrowsAsync<ModelcarException>(() => BaseImageCommandCheck.EnsureClassicModeAsync(broken, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct));

        Assert.AreEqual(ErrorCodes.BaseImageLayerUnreadable, error.Code);
        StringAssert.Contains(error.Message, configLayer.Digest.ToString());
    }

    private async Task<Descriptor> ConfigDescriptorAsync(RegistryClient client, BaseImage image)
    {
        ManifestResult manifest = (await client.GetManifestAsync(image.Reference!.Repository, image.ManifestDigest!.Value.ToString(), Ct))!;
        return OciJson.Deserialize<ImageManifest>(manifest.Content, "test").Config;
    }
}
