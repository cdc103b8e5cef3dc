using System.IO.Compression;
using System.Text;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> to the real docker-registry with htpasswd Basic auth over TLS (eng/test-env/auth-registries-up.sh),
/// with the credentials in each place the SDK looks, and checks that the password never leaves the environment.
/// The base image comes anonymously from the plain test registry: the destination's credentials are not sent there.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class CredentialTests
{
    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static (IsolatedPublish Publish, string Repository) NewProject(string name)
    {
        string repository = $"e2e/creds-{name}-{Guid.NewGuid():N}"[..40].TrimEnd('-');
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.AuthBasicRegistry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <Version>1.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 4096);
        project.AddRandomFile("config.json", 100);
        return (new IsolatedPublish(project), repository);
    }

    private static string ManifestDigest(string repository) =>
        ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--creds", $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}",
            "--format", "{{.Digest}}", $"docker://{TestEnvironment.AuthBasicRegistry}/{repository}:1.0.0"]).EnsureSuccess("skopeo inspect").Output.Trim();

    private static void AssertPushed(IsolatedPublish publish, string repository, ProcessResult result, string expectedSource)
    {
        result.EnsureSuccess("dotnet publish");
        var image = new PublishedImage(publish.Project);
        Assert.AreEqual(image.Digest, ManifestDigest(repository));
        StringAssert.Contains(result.Output, expectedSource, "the detailed log names where the credentials came from");
        Assert.DoesNotContain(TestEnvironment.AuthPassword, result.Output);
    }

    [TestMethod]
    public void EnvironmentPushPair_Pushes()
    {
        var (publish, repository) = NewProject("env");
        publish.Environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = TestEnvironment.AuthUser;
        publish.Environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = TestEnvironment.AuthPassword;

        AssertPushed(publish, repository, publish.Run("-v:d"), "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD");
    }

    [TestMethod]
    public void DockerConfigAuths_Pushes()
    {
        var (publish, repository) = NewProject("dockercfg");
        string config = publish.WriteHomeFile(".docker/config.json",
            $$$$"""{"auths":{"{{{{TestEnvironment.AuthBasicRegistry}}}}":{"auth":"{{{{Auth(TestEnvironment.AuthUser, TestEnvironment.AuthPassword)}}}}"}}}""");

        AssertPushed(publish, repository, publish.Run("-v:d"), $"the 'auths' entry in {config}");
    }

    [TestMethod]
    public void CredentialHelperOnPath_Pushes()
    {
        var (publish, repository) = NewProject("helper");
        // A real helper: an executable on PATH that speaks docker's protocol (server on stdin, JSON on stdout).
        string bin = Path.Combine(publish.Home, "bin");
        string helper = publish.WriteHomeFile("bin/docker-credential-modelcar-e2e", $$"""
            #!/bin/sh
            read -r server
            [ "$server" = '{{TestEnvironment.AuthBasicRegistry}}' ] || { echo "credentials not found in native keychain"; exit 1; }
            printf '{"ServerURL":"%s","Username":"{{TestEnvironment.AuthUser}}","Secret":"{{TestEnvironment.AuthPassword}}"}\n' "$server"
            """.Replace("\r\n", "\n"));
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        publish.Environment["PATH"] = $"{bin}:{System.Environment.GetEnvironmentVariable("PATH")}";
        publish.WriteHomeFile(".docker/config.json", $$$$"""{"credHelpers":{"{{{{TestEnvironment.AuthBasicRegistry}}}}":"modelcar-e2e"}}""");

        AssertPushed(publish, repository, publish.Run("-v:d"), "docker-credential-modelcar-e2e");
    }

    [TestMethod]
    public void PodmanAuthFile_Pushes()
    {
        var (publish, repository) = NewProject("podman");
        string authFile = publish.WriteHomeFile("containers-auth.json",
            $$$$"""{"auths":{"{{{{TestEnvironment.AuthBasicRegistry}}}}":{"auth":"{{{{Auth(TestEnvironment.AuthUser, TestEnvironment.AuthPassword)}}}}"}}}""");

        AssertPushed(publish, repository, publish.Run("-v:d"), $"the 'auths' entry in {authFile}");
    }

    [TestMethod]
    public void WrongPassword_IsMODELCAR042NamingTheRegistry_AndNothingIsPushed()
    {
        var (publish, repository) = NewProject("wrongpw");
        const string wrong = "wrong-password-e2e-9c41";
        publish.Environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.AuthUser;
        publish.Environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = wrong;

        ProcessResult result = publish.Run();

        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.Output, "MODELCAR042");
        StringAssert.Contains(result.Output, TestEnvironment.AuthBasicRegistry);
        StringAssert.Contains(result.Output,
            $"rejected the credentials from the environment variables DOTNET_CONTAINER_REGISTRY_UNAME/DOTNET_CONTAINER_REGISTRY_PWORD (user '{TestEnvironment.AuthUser}')",
            "the message says where the refused credentials came from");
        Assert.DoesNotContain(wrong, result.Output);
        ProcessResult inspect = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--creds", $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}",
            $"docker://{TestEnvironment.AuthBasicRegistry}/{repository}:1.0.0"]);
        Assert.AreNotEqual(0, inspect.ExitCode, "no manifest may exist after a refused push");
    }

    [TestMethod]
    public void MissingCaBundle_IsMODELCAR050()
    {
        var (publish, _) = NewProject("cabundle");
        publish.Environment["MODELCAR_REGISTRY_CA_BUNDLE"] = "/nonexistent/modelcar-ca.pem";

        ProcessResult result = publish.Run();

        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.Output, "MODELCAR050");
        StringAssert.Contains(result.Output, "/nonexistent/modelcar-ca.pem");
    }

    [TestMethod]
    public void Password_NeverReachesTheBinlogTheOutputImageJsonOrTheManifest()
    {
        var (publish, repository) = NewProject("secret");
        // MSBuild itself writes every DOTNET_* environment variable into a binlog, before any task runs, so the
        // recommended sources when binlogs are kept are the ones it cannot see: docker's config.json (what
        // `docker login` and docker/login-action write) and the SDK_CONTAINER_* names (docs/credentials.md).
        publish.Environment["SDK_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.AuthUser;
        publish.Environment["SDK_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.AuthPassword;
        string binlog = Path.Combine(publish.Project.Directory, "publish.binlog");

        // At the default verbosity; RegistryAdviceTests does the same with -v:diag and a replay of the binlog.
        ProcessResult result = publish.Run($"-bl:{binlog}").EnsureSuccess("dotnet publish -bl");

        byte[] secret = Encoding.UTF8.GetBytes(TestEnvironment.AuthPassword);
        byte[] secretUtf16 = Encoding.Unicode.GetBytes(TestEnvironment.AuthPassword);
        byte[] log = Decompress(binlog);
        Assert.IsGreaterThan(1000, log.Length, "the binlog did not decompress");
        Assert.IsTrue(log.AsSpan().IndexOf(Encoding.UTF8.GetBytes(repository)) >= 0, "sanity: the binlog records the build");
        Assert.IsLessThan(0, log.AsSpan().IndexOf(secret), $"the password is in the binlog: {Around(log, secret)}");
        Assert.IsLessThan(0, log.AsSpan().IndexOf(secretUtf16), "the password is in the binlog (UTF-16)");
        Assert.DoesNotContain(TestEnvironment.AuthPassword, result.Output);

        var image = new PublishedImage(publish.Project);
        Assert.DoesNotContain(TestEnvironment.AuthPassword, File.ReadAllText(Path.Combine(publish.Project.PublishDirectory, publish.Project.Name + ".image.json")));
        Assert.DoesNotContain(TestEnvironment.AuthPassword, File.ReadAllText(image.InferenceServicePath));
        string manifest = ProcessRunner.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}",
            $"docker://{TestEnvironment.AuthBasicRegistry}/{repository}@{image.Digest}"]).EnsureSuccess("skopeo inspect --raw").Output;
        Assert.DoesNotContain(TestEnvironment.AuthPassword, manifest);
        string config = ProcessRunner.Run("skopeo", ["inspect", "--config", "--raw", "--tls-verify=false", "--creds", $"{TestEnvironment.AuthUser}:{TestEnvironment.AuthPassword}",
            $"docker://{TestEnvironment.AuthBasicRegistry}/{repository}@{image.Digest}"]).EnsureSuccess("skopeo inspect --config").Output;
        Assert.DoesNotContain(TestEnvironment.AuthPassword, config);
    }

    private static string Around(byte[] log, byte[] secret)
    {
        int at = log.AsSpan().IndexOf(secret);
        if (at < 0) return "";
        int start = Math.Max(0, at - 300);
        return Encoding.UTF8.GetString(log, start, Math.Min(log.Length - start, 600)).Replace(Encoding.UTF8.GetString(secret), "<password>");
    }

    // A binlog is a gzip stream of records (strings in it are UTF-8 or UTF-16 depending on the record).
    private static byte[] Decompress(string binlog)
    {
        using var input = new GZipStream(File.OpenRead(binlog), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
