using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>A fresh bucket on the test S3 server (s3rver), filled through the AWS SDK.</summary>
internal sealed class S3Bucket
{
    private S3Bucket(string name, AmazonS3Client client)
    {
        Name = name;
        Client = client;
    }

    public string Name { get; }

    public AmazonS3Client Client { get; }

    /// <summary>The environment a store needs to reach the test server with valid credentials.</summary>
    public static Dictionary<string, string> Environment()
    {
        (string keyId, string secret) = TestEnvironment.S3Credentials;
        return new()
        {
            ["AWS_ENDPOINT_URL"] = TestEnvironment.S3Endpoint,
            ["AWS_ACCESS_KEY_ID"] = keyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
        };
    }

    public static async Task<S3Bucket> CreateAsync()
    {
        (string keyId, string secret) = TestEnvironment.S3Credentials;
        var client = new AmazonS3Client(new BasicAWSCredentials(keyId, secret), new AmazonS3Config
        {
            ServiceURL = TestEnvironment.S3Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            // s3rver predates S3's default request checksums and their aws-chunked uploads.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        string name = TestStores.UniqueName("modelcar");
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return new S3Bucket(name, client);
    }

    public async Task PutAsync(string key, byte[] content)
    {
        await Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Name,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        });
    }
}
