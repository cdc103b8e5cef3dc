using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// The .NET SDK's container conventions on a .modelproj: -r / RuntimeIdentifier, ContainerLabel and
/// ContainerEnvironmentVariable items, LocalRegistry and the PublishContainer target, through the real dotnet CLI.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ContainerConventionTests
{
    private static ModelProject Project(string name, string body, string? items = null)
    {
        var project = new ModelProject(name, body + "\n        <KServeModelFormat>sklearn</KServeModelFormat>", items);
        project.AddRandomFile("model.joblib", 2048);
        return project;
    }

    private static ProcessResult Dotnet(ModelProject project, IDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [.. arguments, project.ProjectFile, "-c", "Release", "-nodeReuse:false"],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            });

    [TestMethod]
    public void PublishContainer_WithRuntimeIdentifier_PushesThatPlatform_WithLabelsAndEnv()
    {
        string multiArch = TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH");
        string repository = "e2e/conventions-" + Guid.NewGuid().ToString("N")[..8];
        ModelProject project = Project("conventions", $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{multiArch}</ContainerBaseImage>
            """, """
                <ContainerLabel Include="org.opencontainers.image.vendor" Value="Contoso ML" />
                <ContainerLabel Include="team" Value="vision" />
                <ContainerEnvironmentVariable Include="HF_HUB_OFFLINE" Value="1" />
                <ContainerEnvironmentVariable Include="MODEL_NAME" Value="a=b c" />
            """);

        // -t:PublishContainer alone (no Publish target asked for) and -r, as a .NET user publishes a container.
        Dotnet(project, null, "build", "-t:PublishContainer", "-r", "linux-arm64").EnsureSuccess("dotnet build -t:PublishContainer -r linux-arm64");

        string image = $"docker://{TestEnvironment.Registry}/{repository}:1.0.0";
        string raw = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", image]).EnsureSuccess("skopeo inspect --raw").Output;
        StringAssert.Contains(raw, "application/vnd.oci.image.manifest.v1+json", "one platform, not an index");
        using JsonDocument config = JsonDocument.Parse(ProcessRunner.Run("skopeo", ["--override-arch", "arm64", "inspect", "--tls-verify=false", "--config", image]).EnsureSuccess("skopeo inspect --config").Output);
        Assert.AreEqual("arm64", config.RootElement.GetProperty("architecture").GetString());
        JsonElement runtime = config.RootElement.GetProperty("config");
        Assert.AreEqual("Contoso ML", runtime.GetProperty("Labels").GetProperty("org.opencontainers.image.vendor").GetString());
        Assert.AreEqual("vision", runtime.GetProperty("Labels").GetProperty("team").GetString());
        string[] env = [.. runtime.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!)];
        CollectionAssert.Contains(env, "HF_HUB_OFFLINE=1");
        CollectionAssert.Contains(env, "MODEL_NAME=a=b c");
        Assert.IsTrue(env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)), "the base's Env is kept: " + string.Join(", ", env));
        Assert.IsTrue(File.Exists(Path.Combine(project.PublishDirectory, "conventions.inferenceservice.yaml")), "PublishContainer ran the whole publish");
    }

    [TestMethod]
    public void RuntimeIdentifier_ThatDisagreesWithContainerRuntimeIdentifier_FailsTheBuild()
    {
        ModelProject project = Project("ridconflict", "<ContainerRuntimeIdentifier>linux-x64</ContainerRuntimeIdentifier>");

        ProcessResult build = Dotnet(project, null, "build", "-r", "linux-arm64");

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR054");
        StringAssert.Contains(build.Output, "'linux-arm64'");
        StringAssert.Contains(build.Output, "'linux-x64'");
    }

    [TestMethod]
    public void ContainerEnvironmentVariable_WithABadName_FailsTheBuild()
    {
        ModelProject project = Project("badenv", "", """<ContainerEnvironmentVariable Include="MY VAR" Value="1" />""");

        ProcessResult build = Dotnet(project, null, "build");

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR054");
        StringAssert.Contains(build.Output, "ContainerEnvironmentVariable 'MY VAR'");
    }

    /// <summary>
    /// A stub docker (a script that records its arguments) stands in for the engine: no container daemon can run
    /// in this sandbox, and what the SDK owes is the 'load -i archive' call and its exit code.
    /// </summary>
    [TestMethod]
    public void LocalRegistry_Docker_LoadsTheArchiveWithDockerLoad()
    {
        ModelProject project = Project("localdocker", $"<ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage><LocalRegistry>Docker</LocalRegistry>");
        string stubs = Path.Combine(project.Directory, "stub-bin");
        Directory.CreateDirectory(stubs);
        string record = Path.Combine(project.Directory, "docker-args.txt");
        string stub = Path.Combine(stubs, "docker");
        File.WriteAllText(stub, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}'\necho 'Loaded image: localhost/localdocker:1.0.0'\n");
        File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        ProcessResult publish = Dotnet(project, new Dictionary<string, string?> { ["PATH"] = stubs + ":" + Environment.GetEnvironmentVariable("PATH") }, "publish");

        publish.EnsureSuccess("dotnet publish with LocalRegistry=Docker");
        string archive = Path.Combine(project.PublishDirectory, "localdocker.oci.tar");
        Assert.IsTrue(File.Exists(archive));
        CollectionAssert.AreEqual(new[] { "load", "-i", archive }, File.ReadAllLines(record));
        StringAssert.Contains(publish.Output, "docker: Loaded image: localhost/localdocker:1.0.0");
    }

    [TestMethod]
    public void LocalRegistry_Podman_NotInstalled_IsAnError()
    {
        Assert.IsNull(FindOnPath("podman"), "this test expects no podman on PATH");
        ModelProject project = Project("localpodman", $"<ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage><LocalRegistry>podman</LocalRegistry>");

        ProcessResult publish = Dotnet(project, null, "publish");

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR084");
        StringAssert.Contains(publish.Output, "no 'podman' was found on PATH");
    }

    [TestMethod]
    public void LocalRegistry_Unknown_FailsTheBuild()
    {
        ModelProject project = Project("localbogus", "<LocalRegistry>containerd</LocalRegistry>");

        ProcessResult build = Dotnet(project, null, "build");

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR054");
        StringAssert.Contains(build.Output, "LocalRegistry 'containerd'");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
