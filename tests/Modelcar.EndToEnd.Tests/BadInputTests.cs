using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Issue 7's "bad input" list, through the real <c>dotnet build</c> / <c>dotnet publish</c>: each gets an MSBuild
/// error with its stable code and the offending value, and never a stack trace. What is found while planning runs
/// under <c>dotnet build</c> (cheaper); what needs the model bytes or a registry runs under <c>dotnet publish</c>.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private static void AssertFails(ProcessResult result, string code, string value)
    {
        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, $"error {code}");
        StringAssert.Contains(result.Output, value);
        Assert.IsFalse(result.Output.Contains("   at Modelcar.", StringComparison.Ordinal), "no stack trace for bad input:\n" + result.Output);
    }

    [TestMethod]
    [DataRow("<ContainerRepository>acme/mo$del</ContainerRepository>", "MODELCAR002", "acme/mo$del")]
    [DataRow("<ContainerImageTag>v1.0.0+build</ContainerImageTag>", "MODELCAR003", "v1.0.0+build")]
    [DataRow("<ContainerBaseImage>127.0.0.1:5000/modelcar-test/busybox@sha256:abc123</ContainerBaseImage>", "MODELCAR004", "sha256:abc123")]
    [DataRow("<ContainerUser>4294967296</ContainerUser>", "MODELCAR005", "4294967296")]
    [DataRow("<ContainerUser>-1</ContainerUser>", "MODELCAR005", "-1")]
    public void Build_BadIdentity_FailsWithItsCodeAndValue(string property, string code, string value)
    {
        var project = new ModelProject("bad-identity", property);
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Build(), code, value);
    }

    [TestMethod]
    public void Build_TooLongRepositoryAndTag_AreRefused()
    {
        string repository = "acme/" + new string('a', 251);
        var project = new ModelProject("too-long", $"<ContainerRepository>{repository}</ContainerRepository>");
        project.AddRandomFile("weights.bin", 10);
        AssertFails(project.Build(), "MODELCAR002", repository);

        string tag = new('t', 129);
        AssertFails(project.Build($"ContainerRepository=acme/ok", $"ContainerImageTag={tag}"), "MODELCAR003", tag);
    }

    [TestMethod]
    public void Build_PatternThatMatchesNothing_IsNamed()
    {
        var project = new ModelProject("no-match", "", """<ModelFile Include="tokenizer/*.json" />""");
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Build(), "MODELCAR017", "tokenizer/*.json");
    }

    [TestMethod]
    public void Build_PatternWhoseFilesAreAllExcluded_IsNamed()
    {
        var project = new ModelProject("all-excluded", "", """<ModelFile Include="extra/**" Exclude="extra/*.tmp" />""");
        project.AddRandomFile("weights.bin", 10);
        Directory.CreateDirectory(Path.Combine(project.Directory, "extra"));
        File.WriteAllText(Path.Combine(project.Directory, "extra", "scratch.tmp"), "x");

        AssertFails(project.Build(), "MODELCAR017", "extra/**");
    }

    [TestMethod]
    public void Build_MissingFile_DirectoryAsFile_TwoFilesOnOnePath_PathOutOfModels()
    {
        var project = new ModelProject("files", "");
        project.AddRandomFile("weights.bin", 10);
        Directory.CreateDirectory(Path.Combine(project.Directory, "adir"));
        File.WriteAllText(Path.Combine(project.Directory, "other.bin"), "other");
        string itemsFile = Path.Combine(project.Directory, "Directory.Build.targets");

        // One project, one extra item at a time (a Directory.Build.targets the SDK imports), one build each.
        (string Item, string Code, string Value)[] cases =
        [
            ("""<ModelFile Include="missing.bin" />""", "MODELCAR011", "missing.bin"),
            ("""<ModelFile Include="adir" />""", "MODELCAR012", "adir"),
            ("""<ModelFile Include="other.bin" TargetPath="weights.bin" />""", "MODELCAR013", "weights.bin"),
            ("""<ModelFile Include="other.bin" TargetPath="../etc/passwd" />""", "MODELCAR014", "../etc/passwd"),
            ("""<ModelSource Include="ftp://example.com/model.bin" />""", "MODELCAR018",
                "The ModelSource 'ftp://example.com/model.bin' has a scheme this version cannot read ('ftp'). Supported: hf://, s3://, https://, http://, oci://. For local files use ModelFile items."),
        ];
        foreach ((string item, string code, string value) in cases)
        {
            File.WriteAllText(itemsFile, $"<Project><ItemGroup>{item}</ItemGroup></Project>");
            AssertFails(project.Build(), code, value);
        }
    }

    [TestMethod]
    public void Build_SymlinkOutOfTheProject_IsRefused()
    {
        var project = new ModelProject("symlink", "");
        project.AddRandomFile("weights.bin", 10);
        string outside = Path.Combine(Path.GetTempPath(), $"modelcar-outside-{Guid.NewGuid():N}.bin");
        File.WriteAllText(outside, "secret");
        try
        {
            File.CreateSymbolicLink(Path.Combine(project.Directory, "model", "linked.bin"), outside);
            AssertFails(project.Build(), "MODELCAR015", "linked.bin");
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    public void Publish_UnreadableFile_NamesIt()
    {
        if (Environment.UserName == "root" || geteuid() == 0)
        {
            Assert.Inconclusive("Running as root: file permissions do not stop root from reading, so chmod 000 cannot make a file unreadable.");
        }
        var project = new ModelProject("unreadable", "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);
        string locked = Path.Combine(project.Directory, "model", "weights.bin");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        AssertFails(project.Publish(), "MODELCAR016", "weights.bin");
    }

    [TestMethod]
    public void Publish_FileTheKernelWillNotOpen_NamesIt_EvenAsRoot()
    {
        // Root reads any file whatever its mode, so a socket stands in for "unreadable": open(2) refuses it (ENXIO)
        // for every user, and the SDK takes the same path as for a permission error.
        var project = new ModelProject("unopenable", "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(project.Directory, "model", "socket.bin")));

        AssertFails(project.Publish(), "MODELCAR016", "socket.bin");
    }

    [TestMethod]
    public void Build_UnknownSmallFileCompression_IsRefused()
    {
        var project = new ModelProject("bad-compression", "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Build("ModelcarSmallFileCompression=brotli"), "MODELCAR039", "'brotli'");
    }

    [TestMethod]
    public void Publish_BadRetrySetting_IsRefusedBeforeAnythingIsSent()
    {
        var project = new ModelProject("bad-retry", "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Publish("ModelcarRegistryRetries=many"), "MODELCAR055", "'many'");
        AssertFails(project.Publish("ModelcarRegistryNoProgressTimeout=0"), "MODELCAR055", "ModelcarRegistryNoProgressTimeout");
    }

    [TestMethod]
    [TestCategory("Registry")]
    public void Publish_BaseImageThatIsMissing_HasNoMatchingPlatform_OrIsNotAnImage()
    {
        string registry = TestEnvironment.Registry;
        string artifact = PushHelmLikeArtifact(registry);
        var project = new ModelProject("bad-base", $"<ContainerRegistry>{registry}</ContainerRegistry><ContainerRepository>e2e/bad-base</ContainerRepository><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Publish($"ContainerBaseImage={registry}/modelcar-test/does-not-exist:1.0"), "MODELCAR030", "does-not-exist");
        AssertFails(project.Publish($"ContainerBaseImage={TestEnvironment.Require("MODELCAR_TEST_BASE_IMAGE_MULTIARCH")}", "ContainerRuntimeIdentifier=linux-s390x"), "MODELCAR032", "s390x");
        AssertFails(project.Publish($"ContainerBaseImage={artifact}"), "MODELCAR031", "e2e/helm-chart");
    }

    [TestMethod]
    public void Publish_ToARegistryThatAnswersNothing_GivesUpAfterItsRetries()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        // Accepts connections and closes them without a word.
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using TcpClient client = await silent.AcceptTcpClientAsync();
                client.Client.Shutdown(SocketShutdown.Both);
            }
        });
        var project = new ModelProject("silent", $"<ContainerRegistry>127.0.0.1:{port}</ContainerRegistry><ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        ProcessResult publish = project.Publish("ModelcarRegistryRetries=2", "ModelcarRegistryRetryTimeout=30");

        AssertFails(publish, "MODELCAR040", $"127.0.0.1:{port}");
        StringAssert.Contains(publish.Output, "gave up after 2 retries");
    }

    [TestMethod]
    public void Publish_ToARegistryThatAnswersHtml_QuotesIt()
    {
        using var html = new TcpListener(IPAddress.Loopback, 0);
        html.Start();
        int port = ((IPEndPoint)html.LocalEndpoint).Port;
        // A captive portal / web UI in the registry's place: every request gets the same HTML page.
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using TcpClient client = await html.AcceptTcpClientAsync();
                NetworkStream stream = client.GetStream();
                byte[] buffer = new byte[65536];
                int read = await stream.ReadAsync(buffer);
                if (read == 0 || buffer[0] == 0x16) continue;
                byte[] body = Encoding.UTF8.GetBytes("<html><head><title>Corporate Sign-In</title></head><body>Please log in</body></html>");
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                await stream.WriteAsync(body);
            }
        });
        var project = new ModelProject("html", $"<ContainerRegistry>127.0.0.1:{port}</ContainerRegistry><ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode><KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        AssertFails(project.Publish("ModelcarRegistryRetries=1"), "MODELCAR041", "Corporate Sign-In");
    }

    /// <summary>Pushes a manifest whose config is a Helm chart's, as a registry holds for an OCI artifact.</summary>
    private static string PushHelmLikeArtifact(string registry)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry}/") };
        const string repository = "e2e/helm-chart";
        byte[] config = Encoding.UTF8.GetBytes("""{"name":"chart","version":"1.0.0"}""");
        string configDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config));
        using (var start = http.PostAsync($"v2/{repository}/blobs/uploads/", null).GetAwaiter().GetResult())
        {
            start.EnsureSuccessStatusCode();
            string location = start.Headers.Location!.ToString();
            string separator = location.Contains('?') ? "&" : "?";
            using var put = http.PutAsync($"{location}{separator}digest={configDigest}", new ByteArrayContent(config)).GetAwaiter().GetResult();
            put.EnsureSuccessStatusCode();
        }
        string manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[]}""";
        var content = new StringContent(manifest);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var response = http.PutAsync($"v2/{repository}/manifests/0.1.0", content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return $"{registry}/{repository}:0.1.0";
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
