using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// s3:// (against s3rver) and Azure Blob (against Azurite) ModelSource items through dotnet publish of the packed SDK:
/// the image is pushed to the test registry and read back with skopeo + umoci. This also proves that the AWS and
/// Azure SDK assemblies load from the package's tasks/net10.0 folder inside MSBuild.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class CloudSourceTests
{
    private static readonly Dictionary<string, byte[]> Files = new()
    {
        ["model.safetensors"] = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 3),
        ["config.json"] = "{\"architectures\":[\"Cloud\"]}"u8.ToArray(),
        ["tokenizer/vocab.txt"] = "a\nb\n"u8.ToArray(),
    };

    [TestMethod]
    public async Task Publish_S3Source_PushesTheObjectsUnderThePrefix()
    {
        (string keyId, string secret) = TestEnvironment.S3Credentials;
        string bucket = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(keyId, secret), new AmazonS3Config
        {
            ServiceURL = TestEnvironment.S3Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        });
        await s3.PutBucketAsync(bucket);
        foreach ((string path, byte[] bytes) in Files)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "models/tiny/" + path, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
        }

        await PublishAndCheckAsync("s3-model", $"s3://{bucket}/models/tiny", "", new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = TestEnvironment.S3Endpoint,
            ["AWS_ACCESS_KEY_ID"] = keyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
        });
    }

    [TestMethod]
    public async Task Publish_AzureBlobSource_PushesTheBlobsUnderThePrefix()
    {
        var service = new BlobServiceClient(TestEnvironment.AzuriteConnectionString);
        BlobContainerClient container = service.GetBlobContainerClient("e2e-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateAsync();
        foreach ((string path, byte[] bytes) in Files)
        {
            await container.GetBlobClient("models/tiny/" + path).UploadAsync(new BinaryData(bytes));
        }

        await PublishAndCheckAsync("azure-model", $"{TestEnvironment.AzuriteBlobEndpoint}/{container.Name}/models/tiny", """AzureBlob="true" """, new Dictionary<string, string?>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = TestEnvironment.AzuriteConnectionString,
        });
    }

    private static Task PublishAndCheckAsync(string name, string source, string metadata, Dictionary<string, string?> environment)
    {
        string repository = $"e2e/{name}-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """, $"""<ModelSource Include="{source}" {metadata} TargetPath="llm" />""");
        string notes = project.AddRandomFile("notes.txt", 10);
        environment["MODELCAR_CACHE"] = Path.Combine(SdkPackage.Work, "cloud-cache-" + Guid.NewGuid().ToString("N")[..8]);

        ProcessRunner.Run("dotnet", ["publish", project.ProjectFile, "-c", "Release", "-nodeReuse:false"], workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>(environment)
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            }).EnsureSuccess("dotnet publish");

        var published = new PublishedImage(project);
        ImageReader image = ImageReader.Unpack($"docker://{TestEnvironment.Registry}/{repository}@{published.Digest}");
        var expected = Files.ToDictionary(f => "llm/" + f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)));
        expected["notes.txt"] = notes;
        ModelFiles.AssertModelsMatch(image, expected);
        Assert.AreEqual(source, published.ImageJson.RootElement.GetProperty("sources")[0].GetProperty("uri").GetString());
        return Task.CompletedTask;
    }
}
