using System.Collections.Concurrent;
using Modelcar.Oci.Tests.Faults;
using System.Security;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Signed URLs whose query holds percent-escapes (%2B, %2F, %3D, and %20, %25 in the path) go out exactly as
/// written, whether the URL is in the project, in an environment variable read as <c>$(VAR)</c>, or passed with
/// <c>-p:</c>. MSBuild unescapes an item's Include, so without care <c>%2B</c> left as '+', which a store reads
/// as a space: Azurite (which verifies SAS signatures like Azure) then refuses the request.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class SignedUrlTests
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(64 * 1024 + 5);
    private static readonly string WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(Weights));

    public enum Route { Project, EnvironmentVariable, Property }

    [TestMethod]
    [DataRow(Route.Project)]
    [DataRow(Route.EnvironmentVariable)]
    [DataRow(Route.Property)]
    public async Task Publish_AzureSasWithPlusInItsSignature_IsAcceptedByAzurite(Route route)
    {
        var service = new BlobServiceClient(TestEnvironment.AzuriteConnectionString);
        BlobContainerClient container = service.GetBlobContainerClient("sas-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateAsync();
        await container.GetBlobClient("models/weights.bin").UploadAsync(new BinaryData(Weights));

        string sas = SasWithPlusInSignature(container.Name);
        StringAssert.Contains(sas, "%2B", "the SAS must hold an escaped '+' for this test to mean anything");
        string url = $"{TestEnvironment.AzuriteBlobEndpoint}/{container.Name}/models?{sas}";

        ProcessResult publish = PublishWith(route, url, """AzureBlob="true" """, "azure-sas");

        publish.EnsureSuccess("dotnet publish with a SAS URL holding %2B");
        Assert.DoesNotContain("sig=", publish.Output, "the signature never reaches the log");
    }

    [TestMethod]
    [DataRow(Route.Project)]
    [DataRow(Route.EnvironmentVariable)]
    [DataRow(Route.Property)]
    public async Task Publish_PresignedS3Url_SendsThePathAndQueryExactlyAsWritten(Route route)
    {
        (string keyId, string secret) = TestEnvironment.S3Credentials;
        string bucket = "presigned-" + Guid.NewGuid().ToString("N")[..12];
        const string key = "models/my model%v1.bin"; // a space and a '%' in the path: %20 and %25 in the URL
        var config = new AmazonS3Config
        {
            ServiceURL = TestEnvironment.S3Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        };
        using (var s3 = new AmazonS3Client(new BasicAWSCredentials(keyId, secret), config))
        {
            await s3.PutBucketAsync(bucket);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(Weights), UseChunkEncoding = false });
        }

        // Every request line as it reached the proxy, before s3rver (which checks no signature) could decode anything.
        var requestLines = new ConcurrentQueue<string>();
        await using var proxy = new FaultProxy(new Uri(TestEnvironment.S3Endpoint).Authority, request =>
        {
            requestLines.Enqueue($"{request.Method} {request.Path}");
            return Fault.Pass;
        });
        // A session token with '+', '/' and '=' (as STS tokens have): the URL carries it as %2B, %2F and %3D.
        using var signer = new AmazonS3Client(new SessionAWSCredentials(keyId, secret, "IQoJb3JpZ2luX2Vj+session/token=="), new AmazonS3Config
        {
            ServiceURL = "http://" + proxy.Address,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
        string url = await signer.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Expires = DateTime.UtcNow.AddHours(1),
            Protocol = Protocol.HTTP,
        });
        foreach (string escape in new[] { "%2B", "%2F", "%3D", "%20", "%25" }) StringAssert.Contains(url, escape, $"the pre-signed URL must hold {escape}");
        string pathAndQuery = url[url.IndexOf('/', "http://".Length)..];

        ProcessResult publish = PublishWith(route, url, """AllowHttp="true" """, "s3-presigned");

        publish.EnsureSuccess("dotnet publish with a pre-signed URL");
        Assert.IsNotEmpty(requestLines, "the source was read through the recording proxy");
        foreach (string line in requestLines)
        {
            StringAssert.EndsWith(line, $" {pathAndQuery}", "every request goes out with the path and query as written");
        }
    }

    /// <summary>A container SAS (read, list) for Azurite's development account whose signature has a '+': about half do, so vary the expiry until one does.</summary>
    private static string SasWithPlusInSignature(string container)
    {
        string accountKey = TestEnvironment.AzuriteConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        var credential = new StorageSharedKeyCredential("devstoreaccount1", accountKey);
        DateTimeOffset expiry = DateTimeOffset.UtcNow.AddHours(1);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            var builder = new BlobSasBuilder(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, expiry.AddSeconds(attempt))
            {
                BlobContainerName = container,
                Resource = "c",
            };
            BlobSasQueryParameters parameters = builder.ToSasQueryParameters(credential);
            if (parameters.Signature.Contains('+')) return parameters.ToString();
        }
        throw new AssertFailedException("no SAS signature with '+' in 200 tries");
    }

    /// <summary>Publishes to an OCI archive (scratch base, native mode: no registry needed) with the URL reaching the item by <paramref name="route"/>.</summary>
    private static ProcessResult PublishWith(Route route, string url, string metadata, string name)
    {
        string include = route switch
        {
            Route.Project => SecurityElement.Escape(url),
            Route.EnvironmentVariable => "$(MODELCAR_E2E_SIGNED_URL)",
            _ => "$(SignedModelUrl)",
        };
        var project = new ModelProject(name, """
                <ContainerRepository>acme/signed</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>onnx</KServeModelFormat>
            """, $"""<ModelSource Include="{include}" {metadata} TargetPath="weights" />""");
        var environment = new Dictionary<string, string?>
        {
            ["MODELCAR_CACHE"] = Path.Combine(SdkPackage.Work, "signed-cache-" + Guid.NewGuid().ToString("N")[..8]),
        };
        if (route == Route.EnvironmentVariable) environment["MODELCAR_E2E_SIGNED_URL"] = url;
        ProcessResult result = SourcePublish.Run(project, environment, route == Route.Property ? [$"SignedModelUrl={url}"] : []);
        if (result.ExitCode == 0)
        {
            var published = new PublishedImage(project);
            var file = published.ImageJson.RootElement.GetProperty("files").EnumerateArray().Single();
            Assert.AreEqual(WeightsSha256, file.GetProperty("sha256").GetString());
        }
        return result;
    }
}
