using Modelcar.Oci.Build;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Layout;

/// <summary>
/// Base images from a local OCI layout or archive (air-gapped builds), made with skopeo copy from the test
/// registry, then built on and read back with skopeo and umoci.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class LocalBaseImageTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static void CopyFromRegistry(string image, string destination, bool all = false)
    {
        List<string> arguments = ["copy", "--quiet", "--src-tls-verify=false"];
        if (all) arguments.Add("--all");
        arguments.AddRange([$"docker://{image}", destination]);
        ProcessRunner.Run("skopeo", [.. arguments]);
    }

    private static ModelcarImageRequest Request(BaseImage baseImage, TestModel model) => new()
    {
        Base = baseImage,
        Layers = model.Plan(baseImage.Layers.Count),
        User = "1010",
        Tags = ["1.0"],
    };

    [TestMethod]
    public async Task LayoutDirectory_WithTag_IsABase_WhoseLayersAreUploadedToTheRegistry()
    {
        using var work = new TempDirectory();
        CopyFromRegistry(TestEnvironment.BaseImage, $"oci:{work.Combine("layout")}:1.36");
        using var model = new TestModel();

        (OciLayoutSource source, string tag) = OciLayoutSource.Parse("oci:layout:1.36", work.Path);
        BaseImage baseImage = await BaseImageResolver.ResolveAsync(source, tag, Platform.Parse("linux/amd64"), Ct);

        Assert.AreEqual("1.36", tag);
        Assert.AreEqual("oci:layout:1.36", baseImage.DisplayName);
        Assert.IsFalse(baseImage.IsScratch);
        Assert.IsNull(baseImage.Blobs!.Registry, "a local layout cannot be mounted from");
        await BaseImageCommandCheck.EnsureClassicModeAsync(baseImage, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct);

        using var client = new RegistryClient(TestEnvironment.Registry, new RegistryClientOptions());
        string repository = $"modelcar-tests/local-base-{Guid.NewGuid():N}";
        PublishResult result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(baseImage, model), new RegistryImageTarget(client, repository), Ct);

        Assert.IsTrue(result.Layers.Where(l => l.IsBase).All(l => l.Outcome == BlobOutcome.Uploaded), string.Join(", ", result.Layers.Select(l => l.Outcome)));
        string rootfs = ImageTools.Unpack($"docker://{TestEnvironment.Registry}/{repository}:1.0", work);
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin", "busybox")));
        model.AssertUnpacked(rootfs);
    }

    [TestMethod]
    public async Task Archive_WithoutTag_HoldingOneImage_IsABase_ForAnArchiveTarget()
    {
        using var work = new TempDirectory();
        string baseArchive = work.Combine("base.oci.tar");
        CopyFromRegistry(TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_NOSLEEP"), $"oci-archive:{baseArchive}:nosleep");
        using var model = new TestModel();

        (OciLayoutSource source, string tag) = OciLayoutSource.Parse($"oci-archive:{baseArchive}", "/");
        BaseImage baseImage = await BaseImageResolver.ResolveAsync(source, tag, Platform.Parse("linux-x64"), Ct);

        // The command check reads the archive's layers in place.
        var error = await Assert.ThrowsAsync<ModelcarException>(() => BaseImageCommandCheck.EnsureClassicModeAsync(baseImage, BaseImageCommandCache.Load(null), NullModelcarLog.Instance, Ct));
        Assert.AreEqual(ErrorCodes.BaseImageLacksCommands, error.Code);
        StringAssert.Contains(error.Message, $"oci-archive:{baseArchive}");

        string output = work.Combine("modelcar.oci.tar");
        await using (OciArchiveTarget target = await OciArchiveTarget.CreateAsync(output, ImageReference.Parse("quay.io/acme/model"), 0, Ct))
        {
            await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(Request(baseImage, model), target, Ct);
        }
        string rootfs = ImageTools.Unpack($"oci-archive:{output}", work);
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin", "busybox")));
        Assert.IsFalse(File.Exists(Path.Combine(rootfs, "bin", "sleep")));
        model.AssertUnpacked(rootfs);
    }

    [TestMethod]
    public async Task MultiPlatformLayout_GivesEachPlatform()
    {
        using var work = new TempDirectory();
        CopyFromRegistry(TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH"), $"oci:{work.Combine("multi")}:1.36", all: true);
        (OciLayoutSource source, string tag) = OciLayoutSource.Parse($"oci:{work.Combine("multi")}:1.36", "/");

        IReadOnlyList<BaseImage> bases = await BaseImageResolver.ResolveAllAsync(source, tag, [Platform.Parse("linux/arm64"), Platform.Parse("linux/amd64")], Ct);

        Assert.AreEqual("arm64", (string?)bases[0].Config!["architecture"]);
        Assert.AreEqual("amd64", (string?)bases[1].Config!["architecture"]);
        Assert.AreNotEqual(bases[0].ManifestDigest, bases[1].ManifestDigest);
    }

    [TestMethod]
    public async Task MissingTag_NamesTheTagsTheLayoutHas()
    {
        using var work = new TempDirectory();
        CopyFromRegistry(TestEnvironment.BaseImage, $"oci:{work.Combine("layout")}:1.36");
        (OciLayoutSource source, string tag) = OciLayoutSource.Parse($"oci:{work.Combine("layout")}:2.0", "/");

        var error = await Assert.ThrowsAsync<ModelcarException>(() => BaseImageResolver.ResolveAsync(source, tag, Platform.Parse("linux/amd64"), Ct));

        Assert.AreEqual(ErrorCodes.BaseImageNotFound, error.Code);
        StringAssert.Contains(error.Message, "no image tagged '2.0'");
        StringAssert.Contains(error.Message, "'1.36'");
    }

    [TestMethod]
    [DataRow("oci:")]
    [DataRow("oci:does-not-exist:1.0")]
    [DataRow("oci-archive:does-not-exist.tar")]
    public void MissingLayoutOrArchive_IsLocalBaseImageNotFound(string value)
    {
        using var work = new TempDirectory();
        var error = Assert.Throws<ModelcarException>(() => OciLayoutSource.Parse(value, work.Path));
        Assert.AreEqual(ErrorCodes.LocalBaseImageNotFound, error.Code);
        StringAssert.Contains(error.Message, value);
    }

    [TestMethod]
    public void NotATar_IsLocalBaseImageNotFound()
    {
        using var work = new TempDirectory();
        work.WriteFile("base.tar", "{\"not\": \"a tar\"}"u8.ToArray());
        var error = Assert.Throws<ModelcarException>(() => OciLayoutSource.Parse("oci-archive:base.tar", work.Path));
        Assert.AreEqual(ErrorCodes.LocalBaseImageNotFound, error.Code);
    }
}
