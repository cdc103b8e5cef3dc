using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// What a user meets when a registry refuses or ignores a publish, through the packed SDK and the real registries of
/// eng/test-env: the advice names only variables that reach that registry and that MSBuild does not log, and a
/// registry that never answers ends in a coded error within the no-progress bound.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed partial class RegistryAdviceTests
{
    private static IsolatedPublish NewPublish(string name, string registry, string baseImage, out string repository)
    {
        repository = $"e2e/advice-{name}-{Guid.NewGuid():N}"[..40].TrimEnd('-');
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{baseImage}</ContainerBaseImage>
                <Version>1.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 4096);
        return new IsolatedPublish(project);
    }

    /// <summary>
    /// A private base image on another registry (the htpasswd one), with only the destination's variables set: those
    /// are never sent to a base image's registry, so the advice names the pull variables and docker/podman login.
    /// </summary>
    [TestMethod]
    public void PrivateBaseImage_WithoutPullCredentials_IsMODELCAR042NamingThePullVariablesAndLogin()
    {
        string baseRegistry = TestEnvironment.AuthBasicRegistry;
        var publish = NewPublish("pullcreds", TestEnvironment.Registry, $"{baseRegistry}/modelcar-test/busybox:1.36", out _);
        // The right password, but for the destination: it must not be sent to the base image's registry.
        publish.Environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.AuthUser;
        publish.Environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.AuthPassword;

        ProcessResult result = publish.Run();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output,
            $"error MODELCAR042: The registry '{baseRegistry}' requires authentication (GET /v2/modelcar-test/busybox/manifests/1.36 answered 401). " +
            $"This is the base image's registry, which is sent only pull credentials: log in with 'docker login {baseRegistry}' or 'podman login {baseRegistry}' " +
            "(the SDK reads their config.json / auth.json and credential helpers), or set DOTNET_CONTAINER_PULL_REGISTRY_UNAME and DOTNET_CONTAINER_PULL_REGISTRY_PWORD " +
            "(MSBuild records DOTNET_* variables in -v:diag logs and binlogs, so prefer the login). The destination's variables " +
            "(DOTNET_CONTAINER_REGISTRY_UNAME/SDK_CONTAINER_REGISTRY_UNAME and their passwords) are never sent to a base image's registry.");
        Assert.DoesNotContain(TestEnvironment.AuthPassword, result.Output);
    }

    /// <summary>
    /// The variables MODELCAR042 and the CI templates recommend (SDK_CONTAINER_REGISTRY_UNAME/PWORD) never reach a
    /// -v:diag log or a binlog, read raw and replayed at -v:diag. A DOTNET_* canary in the same run shows that MSBuild
    /// does log DOTNET_* variables there, so the scan would see a password that got in.
    /// </summary>
    [TestMethod]
    public void RecommendedVariables_NeverReachADiagLogOrABinlog()
    {
        var publish = NewPublish("diaglog", TestEnvironment.AuthBasicRegistry, TestEnvironment.BaseImage, out string repository);
        publish.Environment["SDK_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.AuthUser;
        publish.Environment["SDK_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.AuthPassword;
        string canary = "modelcar-canary-" + Guid.NewGuid().ToString("N")[..12];
        publish.Environment["DOTNET_MODELCAR_E2E_CANARY"] = canary;
        string binlog = Path.Combine(publish.Project.Directory, "diag.binlog");

        ProcessResult result = publish.Run("-v:diag", $"-bl:{binlog}").EnsureSuccess("dotnet publish -v:diag -bl");

        string pushed = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--creds", $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}",
            "--format", "{{.Digest}}", $"docker://{TestEnvironment.AuthBasicRegistry}/{repository}:1.0.0"]).EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreEqual(new PublishedImage(publish.Project).Digest, pushed, "sanity: the recommended variables pushed the image");
        StringAssert.Contains(result.Output, canary, "sanity: -v:diag prints DOTNET_* variables");
        Assert.DoesNotContain(TestEnvironment.AuthPassword, result.Output, "the password is in the -v:diag output");

        byte[] raw = Decompress(binlog);
        Assert.IsTrue(Contains(raw, canary), "sanity: the binlog records DOTNET_* variables");
        Assert.IsFalse(Contains(raw, TestEnvironment.AuthPassword), "the password is in the binlog");

        ProcessResult replay = ProcessRunner.Run("dotnet", ["msbuild", binlog, "-v:diag", "-nologo"], workingDirectory: publish.Project.Directory, environment: publish.Environment)
            .EnsureSuccess("dotnet msbuild <binlog> -v:diag");
        StringAssert.Contains(replay.Output, canary, "sanity: the replay shows the recorded environment");
        Assert.DoesNotContain(TestEnvironment.AuthPassword, replay.Output, "the password is in the replayed binlog");
    }

    /// <summary>
    /// The destination accepts the connection and never answers: with ModelcarRegistryNoProgressTimeout=3 the publish
    /// ends in MODELCAR040 after one retry, within the bound, not in MODELCAR099 after the 30 s connect timeout.
    /// </summary>
    [TestMethod]
    public async Task DestinationThatNeverAnswers_IsMODELCAR040WithinTheNoProgressBound()
    {
        await using var silent = new SilentListener();
        string registry = $"127.0.0.1:{silent.Port}";
        var publish = NewPublish("silent", registry, TestEnvironment.BaseImage, out _);

        var clock = Stopwatch.StartNew();
        ProcessResult result = publish.Run("-p:ModelcarRegistryNoProgressTimeout=3", "-p:ModelcarRegistryRetries=1");
        clock.Stop();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        Assert.DoesNotContain("MODELCAR099", result.Output);
        Match error = GaveUp().Match(result.Output);
        Assert.IsTrue(error.Success, $"no MODELCAR040 with the retry count for '{registry}':\n{result.Output}");
        Assert.AreEqual(registry, error.Groups["registry"].Value);
        // One attempt and one retry of at most 3 s each, plus a backoff of at most a second (and slack for a busy
        // machine): far from the fixed 30 s connect timeout that used to end in MODELCAR099.
        Assert.IsLessThanOrEqualTo(12, int.Parse(error.Groups["seconds"].Value), error.Value);
        Assert.IsLessThan(TimeSpan.FromSeconds(120), clock.Elapsed, "the whole publish, build included");
    }

    [GeneratedRegex(@"error MODELCAR040: Cannot reach the registry '(?<registry>[^']+)': no byte moved for 3 s\. Check the registry name, the network and any proxy settings\. \(gave up after 1 retry in (?<seconds>\d+) s\)")]
    private static partial Regex GaveUp();

    private static bool Contains(byte[] log, string text) =>
        log.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || log.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    // A binlog is a gzip stream of records (strings in it are UTF-8 or UTF-16 depending on the record).
    private static byte[] Decompress(string binlog)
    {
        using var input = new GZipStream(File.OpenRead(binlog), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
