namespace Modelcar.EndToEnd.Tests;

/// <summary>What the base image must hold, by KServe storage mode, checked by <c>dotnet publish</c> before it pushes.</summary>
[TestClass]
[TestCategory("Registry")]
public sealed class BaseImageTests
{
    private static string NoSleepBase => TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_NOSLEEP");

    private static (ModelProject Project, string Repository) Project(string name, string baseImage, string extra = "")
    {
        string repository = $"e2e/base-{name}-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{baseImage}</ContainerBaseImage>
                <KServeModelFormat>sklearn</KServeModelFormat>
            {extra}
            """);
        project.AddRandomFile("model.joblib", 3000);
        return (project, repository);
    }

    private static bool RepositoryHasImage(string repository) =>
        ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{TestEnvironment.Registry}/{repository}:1.0.0"]).ExitCode == 0;

    [TestMethod]
    public void ClassicMode_OnABaseWithoutSleep_FailsBeforePushing()
    {
        (ModelProject project, string repository) = Project("nosleep", NoSleepBase);

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR034");
        StringAssert.Contains(publish.Output, "has no sleep on its PATH");
        Assert.IsFalse(RepositoryHasImage(repository), "nothing may be pushed when the check fails");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "nosleep.inferenceservice.yaml")));
    }

    [TestMethod]
    public void ClassicMode_OnABaseWithoutSleep_PublishesWhenTheCheckIsSkipped()
    {
        (ModelProject project, string repository) = Project("nosleep-skip", NoSleepBase);

        ProcessResult publish = project.Publish("ModelcarSkipBaseImageCheck=true").EnsureSuccess("dotnet publish with the check skipped");

        StringAssert.Contains(publish.Output, "ModelcarSkipBaseImageCheck=true");
        Assert.IsTrue(RepositoryHasImage(repository));
    }

    [TestMethod]
    public void NativeMode_DoesNotNeedTheCommands()
    {
        (ModelProject project, string repository) = Project("nosleep-native", NoSleepBase, "<KServeStorageMode>oci+native</KServeStorageMode>");

        project.Publish().EnsureSuccess("dotnet publish in native mode");

        Assert.IsTrue(RepositoryHasImage(repository));
    }

    [TestMethod]
    public void ClassicMode_WithoutABase_ExplainsTheChoice()
    {
        (ModelProject project, string repository) = Project("scratch-classic", "scratch");

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR035");
        StringAssert.Contains(publish.Output, "KServeStorageMode=oci+native");
        Assert.IsFalse(RepositoryHasImage(repository));
    }

    [TestMethod]
    public void UnknownStorageMode_IsAnError()
    {
        (ModelProject project, _) = Project("bad-mode", "scratch", "<KServeStorageMode>oci+nativ</KServeStorageMode>");

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR036");
        StringAssert.Contains(publish.Output, "'oci+nativ'");
    }

    [TestMethod]
    public void LocalArchiveBase_RelativeToTheProject_IsUploadedWithTheModel()
    {
        (ModelProject project, string repository) = Project("local-base", "oci-archive:base/busybox.oci.tar:1.36");
        Directory.CreateDirectory(Path.Combine(project.Directory, "base"));
        ProcessRunner.Run("skopeo", ["copy", "--quiet", "--src-tls-verify=false", $"docker://{TestEnvironment.BaseImage}", $"oci-archive:{Path.Combine(project.Directory, "base", "busybox.oci.tar")}:1.36"])
            .EnsureSuccess("skopeo copy into an OCI archive");

        project.Publish().EnsureSuccess("dotnet publish on a local base");

        var image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}:1.0.0");
        Assert.IsTrue(File.Exists(Path.Combine(image.RootFs, "bin", "busybox")), "the local base's layer was uploaded");
        Assert.IsTrue(File.Exists(Path.Combine(image.ModelsFolder, "model.joblib")));
        // image.json names the local base as the project did, with its manifest digest.
        System.Text.Json.JsonElement baseJson = new PublishedImage(project).ImageJson.RootElement.GetProperty("base");
        Assert.AreEqual("oci-archive:base/busybox.oci.tar:1.36", baseJson.GetProperty("name").GetString());
        StringAssert.StartsWith(baseJson.GetProperty("digest").GetString(), "sha256:");
    }

    [TestMethod]
    public void RuntimeIdentifiers_OnAMultiPlatformBase_PublishOneIndex_ThatArm64Reads()
    {
        string multiArch = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        (ModelProject project, string repository) = Project("multiarch", multiArch, "<ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>");

        project.Publish().EnsureSuccess("dotnet publish for two platforms");

        var published = new PublishedImage(project);
        string image = $"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}";
        string raw = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", image]).EnsureSuccess("skopeo inspect --raw").Output;
        StringAssert.Contains(raw, "application/vnd.oci.image.index.v1+json", "the InferenceService pins the index");
        foreach (string architecture in new[] { "amd64", "arm64" })
        {
            string config = ProcessRunner.Run("skopeo", ["--override-arch", architecture, "inspect", "--tls-verify=false", "--config", image]).EnsureSuccess("skopeo inspect --config").Output;
            Assert.AreEqual(architecture, System.Text.Json.JsonDocument.Parse(config).RootElement.GetProperty("architecture").GetString());
        }
        // image.json lists each platform's manifest and the base it was built on.
        var platforms = published.ImageJson.RootElement.GetProperty("platforms").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, platforms.Select(p => p.GetProperty("platform").GetString()).ToArray());
        foreach (var platform in platforms)
        {
            StringAssert.Contains(raw, platform.GetProperty("digest").GetString()!, "the index names the platform's manifest");
            Assert.AreEqual(multiArch, platform.GetProperty("base").GetProperty("name").GetString());
        }
        Assert.AreNotEqual(platforms[0].GetProperty("base").GetProperty("digest").GetString(), platforms[1].GetProperty("base").GetProperty("digest").GetString());
    }

    [TestMethod]
    public void OneRuntimeIdentifier_OnAMultiPlatformBase_StaysOnePlatform()
    {
        string multiArch = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        (ModelProject project, string repository) = Project("onearch", multiArch, "<ContainerRuntimeIdentifier>linux-arm64</ContainerRuntimeIdentifier>");

        project.Publish().EnsureSuccess("dotnet publish for one platform");

        string raw = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{TestEnvironment.Registry}/{repository}:1.0.0"]).EnsureSuccess("skopeo inspect --raw").Output;
        StringAssert.Contains(raw, "application/vnd.oci.image.manifest.v1+json");
        Assert.IsFalse(raw.Contains("\"manifests\"", StringComparison.Ordinal), raw);
    }

    [TestMethod]
    public void NativeMode_WithNoBaseImageSet_BuildsABaseLessImage()
    {
        string repository = "e2e/base-native-empty-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("native-empty", $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeStorageMode>oci+native</KServeStorageMode>
            """);
        project.AddRandomFile("model.joblib", 3000);

        project.Publish().EnsureSuccess("dotnet publish in native mode without ContainerBaseImage");

        var image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}:1.0.0");
        CollectionAssert.AreEqual(new[] { "models" }, Directory.GetFileSystemEntries(image.RootFs).Select(Path.GetFileName).ToArray(), "no base: /models and nothing else");
    }
}
