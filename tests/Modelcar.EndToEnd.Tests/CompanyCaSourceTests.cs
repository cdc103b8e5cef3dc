using System.Security.Cryptography;
using Modelcar.Testing.Fakes;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// An https ModelSource behind a company CA (an openssl-made CA; Kestrel on 127.0.0.1 presents the certificate it
/// issued), through dotnet publish of the packed SDK: refused with MODELCAR056 naming the certificate, then trusted
/// through ModelcarCaBundle (a property) and through the older MODELCAR_REGISTRY_CA_BUNDLE (environment).
/// </summary>
[TestClass]
public sealed class CompanyCaSourceTests
{
    private static readonly byte[] Classifier = RandomNumberGenerator.GetBytes(50_000);

    private static ModelProject Project(string name, string url) => new(name, """
            <ContainerRepository>acme/company-ca</ContainerRepository>
            <ContainerBaseImage>scratch</ContainerBaseImage>
            <KServeStorageMode>oci+native</KServeStorageMode>
            <KServeModelFormat>onnx</KServeModelFormat>
        """, $"""<ModelSource Include="{url}" Sha256="{Convert.ToHexStringLower(SHA256.HashData(Classifier))}" />""");

    private static Dictionary<string, string?> Environment(params (string, string)[] extra)
    {
        var environment = new Dictionary<string, string?> { ["MODELCAR_CACHE"] = Path.Combine(SdkPackage.Work, "ca-cache-" + Guid.NewGuid().ToString("N")[..8]) };
        foreach ((string name, string value) in extra) environment[name] = value;
        return environment;
    }

    [TestMethod]
    public async Task Publish_HttpsSourceOfACompanyCa_IsNamedWhenUntrusted_AndWorksWithModelcarCaBundle()
    {
        using TestCertificateAuthority ca = TestCertificateAuthority.Create();
        await using LoopbackFileServer server = await LoopbackFileServer.StartAsync(ca.ServerCertificate());
        server.Files["/models/classifier.onnx"] = Classifier;
        string url = server.BaseUrl + "/models/classifier.onnx";

        ProcessResult untrusted = SourcePublish.Run(Project("ca-untrusted", url), Environment());

        Assert.AreNotEqual(0, untrusted.ExitCode, untrusted.Output);
        StringAssert.Contains(untrusted.Output,
            $"error MODELCAR056: Cannot make a TLS connection to '{url}': certificate not trusted: {TestCertificateAuthority.ServerSubject}, issued by {TestCertificateAuthority.CaSubject}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.");
        Assert.DoesNotContain("see inner exception", untrusted.Output);

        SourcePublish.Run(Project("ca-property", url), Environment(), $"ModelcarCaBundle={ca.CaBundlePath}").EnsureSuccess("publish with ModelcarCaBundle");
        SourcePublish.Run(Project("ca-old-name", url), Environment(("MODELCAR_REGISTRY_CA_BUNDLE", ca.CaBundlePath))).EnsureSuccess("publish with MODELCAR_REGISTRY_CA_BUNDLE");
        Assert.IsGreaterThanOrEqualTo(2, server.Count("GET /models/classifier.onnx"), "both trusted publishes downloaded the file");
    }
}
