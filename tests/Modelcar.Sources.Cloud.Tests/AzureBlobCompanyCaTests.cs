using Azure.Storage.Blobs;
using Modelcar.Sources.AzureBlob;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>
/// An Azure Blob endpoint behind a company CA: a second Azurite, serving https with a certificate from an
/// openssl-made CA (on port 5811, this test's own), read with and without that CA in ModelcarCaBundle.
/// </summary>
[TestClass]
public sealed class AzureBlobCompanyCaTests
{
    private const int Port = 5811;
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // Azurite's published development key

    [TestMethod]
    public async Task HttpsAzuriteOfACompanyCa_IsNamedWhenUntrusted_AndListsWithTheCa()
    {
        using TestCertificateAuthority ca = TestCertificateAuthority.Create();
        string location = Path.Combine(ca.Folder, "azurite");
        Directory.CreateDirectory(location);
        using EmulatorProcess azurite = await EmulatorProcess.StartAsync("azurite-blob", Port, ["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--cert", Path.Combine(ca.Folder, "server.pem"), "--key", Path.Combine(ca.Folder, "server.key"), "--location", location, "--skipApiVersionCheck", "--loose", "--disableTelemetry"]);
        string endpoint = $"https://127.0.0.1:{Port}/devstoreaccount1";
        string connection = $"DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint={endpoint};";
        // The test's own setup client trusts the CA the same way; the store under test gets it only through the context.
        var handler = new System.Net.Http.SocketsHttpHandler();
        new Modelcar.Sources.Remote.SourceTls(ca.CaCertificates()).Configure(handler);
        var setup = new BlobServiceClient(connection, new BlobClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(handler) });
        BlobContainerClient container = setup.GetBlobContainerClient("companyca");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("models/config.json").UploadAsync(new BinaryData("{}"u8.ToArray()), overwrite: true);
        var environment = new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = connection };
        var spec = TestStores.Spec($"{endpoint}/companyca/models", ("AzureBlob", "true"));

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => new AzureBlobFileSource(TestStores.Context(environment)).ListAsync(spec, CancellationToken.None));
        var listing = await new AzureBlobFileSource(TestStores.Context(environment) with { ExtraTrustedRoots = ca.CaCertificates() }).ListAsync(spec, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.SourceCertificateNotTrusted, e.Code);
        Assert.AreEqual(
            $"Cannot make a TLS connection to '{endpoint}/companyca/models': certificate not trusted: {TestCertificateAuthority.ServerSubject}, issued by {TestCertificateAuthority.CaSubject}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.",
            e.Message);
        Assert.AreEqual("config.json", listing.Files.Single().RelativePath);
    }
}
