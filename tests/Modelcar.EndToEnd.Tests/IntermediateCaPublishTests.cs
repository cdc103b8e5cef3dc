namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> to the registry of eng/test-env/intermediate-ca-registry-up.sh, whose certificate an intermediate
/// CA issued (the server sends leaf + intermediate), with only the root in <c>ModelcarRegistryCaBundle</c>: the
/// Harbor / Artifactory / Nexus setup. The registry is addressed by its non-loopback name through a
/// <see cref="ConnectProxy"/> (HTTPS_PROXY), so the certificate is verified as it would be on a real network.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class IntermediateCaPublishTests
{
    private static (IsolatedPublish Publish, string Repository) NewPublish(string name, string? caBundle, ConnectProxy proxy)
    {
        string repository = $"e2e/intermediate-{name}-{Guid.NewGuid():N}"[..40].TrimEnd('-');
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.IntermediateCaTlsName}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <ModelcarRegistryCaBundle>{caBundle}</ModelcarRegistryCaBundle>
                <Version>1.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 4096);
        var publish = new IsolatedPublish(project);
        foreach (string variable in new[] { "HTTPS_PROXY", "https_proxy" }) publish.Environment[variable] = proxy.Url;
        // The base image stays on the loopback registry, reached directly.
        foreach (string variable in new[] { "NO_PROXY", "no_proxy" }) publish.Environment[variable] = "127.0.0.1,localhost";
        foreach (string variable in new[] { "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy" }) publish.Environment[variable] = null;
        return (publish, repository);
    }

    [TestMethod]
    public async Task RootOnlyCaBundle_PublishesThroughTheIntermediateTheServerSends()
    {
        await using var proxy = new ConnectProxy();
        var (publish, repository) = NewPublish("root", TestEnvironment.IntermediateCaRoot, proxy);

        publish.Run().EnsureSuccess("dotnet publish to the intermediate-CA registry");

        CollectionAssert.Contains(proxy.Targets.ToArray(), TestEnvironment.IntermediateCaTlsName, "the registry was reached by its name, so its certificate was verified");
        string pushed = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}",
            $"docker://{TestEnvironment.IntermediateCaRegistry}/{repository}:1.0.0"]).EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreEqual(new PublishedImage(publish.Project).Digest, pushed);
    }

    [TestMethod]
    public async Task WithoutTheBundle_TheSameRegistryIsMODELCAR044()
    {
        await using var proxy = new ConnectProxy();
        var (publish, _) = NewPublish("nobundle", caBundle: null, proxy);

        ProcessResult result = publish.Run();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, $"error MODELCAR044: Cannot establish a secure (https) connection to the registry '{TestEnvironment.IntermediateCaTlsName}'");
    }
}
