using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Modelcar.Sources.S3;
using Modelcar.Testing.Fakes;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>
/// An S3-compatible endpoint behind a company CA: a second s3rver, serving https with a certificate from an
/// openssl-made CA (on port 5812, this test's own), read with and without that CA in ModelcarCaBundle.
/// </summary>
[TestClass]
public sealed class S3CompanyCaTests
{
    private const int Port = 5812;

    [TestMethod]
    public async Task HttpsS3rverOfACompanyCa_IsNamedWhenUntrusted_AndListsWithTheCa()
    {
        using TestCertificateAuthority ca = TestCertificateAuthority.Create();
        string directory = Path.Combine(ca.Folder, "s3rver");
        Directory.CreateDirectory(directory);
        using EmulatorProcess s3rver = await EmulatorProcess.StartAsync("s3rver", Port, ["-d", directory, "-a", "127.0.0.1", "-p", Port.ToString(), "--no-vhost-buckets", "--silent", "--key", Path.Combine(ca.Folder, "server.key"), "--cert", Path.Combine(ca.Folder, "server.pem")],
            new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" });
        string endpoint = $"https://127.0.0.1:{Port}";
        using (var setup = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            HttpClientFactory = new TestTrustingFactory(ca),
        }))
        {
            await setup.PutBucketAsync("companyca");
            await setup.PutObjectAsync(new PutObjectRequest { BucketName = "companyca", Key = "models/config.json", ContentBody = "{}", UseChunkEncoding = false });
        }
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = endpoint,
            ["AWS_ACCESS_KEY_ID"] = "S3RVER", // s3rver's fixed key pair: not a secret
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        };
        var spec = TestStores.Spec("s3://companyca/models");

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => new S3FileSource(TestStores.Context(environment)).ListAsync(spec, CancellationToken.None));
        var listing = await new S3FileSource(TestStores.Context(environment) with { ExtraTrustedRoots = ca.CaCertificates() }).ListAsync(spec, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.SourceCertificateNotTrusted, e.Code, e.Message);
        Assert.AreEqual(
            $"Cannot make a TLS connection to '{endpoint}': certificate not trusted: {TestCertificateAuthority.ServerSubject}, issued by {TestCertificateAuthority.CaSubject}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.",
            e.Message);
        Assert.AreEqual("config.json", listing.Files.Single().RelativePath);
    }

    /// <summary>The setup client trusts the CA the same way the store does, through the sources' TLS policy.</summary>
    private sealed class TestTrustingFactory(TestCertificateAuthority ca) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            var handler = new SocketsHttpHandler();
            new Modelcar.Sources.Remote.SourceTls(ca.CaCertificates()).Configure(handler);
            return new HttpClient(handler);
        }
    }
}
