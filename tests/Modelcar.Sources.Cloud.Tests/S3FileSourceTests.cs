using Modelcar.Sources.Remote;
using Modelcar.Sources.S3;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>The s3:// store against a real S3-compatible server (s3rver, started by eng/test-env/up.sh).</summary>
[TestClass]
public sealed class S3FileSourceTests
{
    [TestMethod]
    public async Task Lists_every_object_under_the_prefix_across_pages_with_relative_paths()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        var content = new Dictionary<string, byte[]>
        {
            ["config.json"] = TestStores.Bytes("config", 120),
            ["model.safetensors"] = TestStores.Bytes("weights", 70_000),
            ["tokenizer/vocab.json"] = TestStores.Bytes("vocab", 300),
            ["tokenizer/deep/merges.txt"] = TestStores.Bytes("merges", 50),
            ["README.md"] = TestStores.Bytes("readme", 10),
        };
        foreach ((string path, byte[] bytes) in content) await bucket.PutAsync("models/llama/" + path, bytes);
        // Beside the prefix, not under it: a prefix is a folder, not a string prefix.
        await bucket.PutAsync("models/llama2/config.json", [1, 2, 3]);
        await bucket.PutAsync("models/llama/empty-folder/", []);

        // Two keys per page: five objects take three pages.
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment())) { PageSize = 2 };
        RemoteListing listing = await store.ListAsync(TestStores.Spec($"s3://{bucket.Name}/models/llama/"), CancellationToken.None);

        Assert.AreEqual($"s3://{bucket.Name}/models/llama", listing.DisplayUri);
        CollectionAssert.AreEquivalent(content.Keys.ToList(), listing.Files.Select(f => f.RelativePath).ToList());
        foreach (RemoteFile file in listing.Files)
        {
            Assert.AreEqual(content[file.RelativePath].Length, file.Size, file.RelativePath);
            Assert.AreEqual($"s3://{bucket.Name}/models/llama/{file.RelativePath}", file.Location);
            Assert.IsFalse(string.IsNullOrEmpty(file.Version), "the ETag is the version");
            Assert.IsFalse(file.Version.Contains('"'), file.Version);
            CollectionAssert.AreEqual(content[file.RelativePath], await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, file, 0, CancellationToken.None)), file.RelativePath);
        }
    }

    [TestMethod]
    public async Task Reads_from_an_offset_with_a_ranged_get()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        byte[] weights = TestStores.Bytes("ranged", 100_000);
        await bucket.PutAsync("m/weights.bin", weights);
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment()));
        RemoteListing listing = await store.ListAsync(TestStores.Spec($"s3://{bucket.Name}/m"), CancellationToken.None);
        RemoteFile file = listing.Files.Single();

        byte[] tail = await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, file, 65_537, CancellationToken.None));

        CollectionAssert.AreEqual(weights[65_537..], tail);
        Assert.AreEqual(0, (await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, file, weights.Length, CancellationToken.None))).Length);
    }

    [TestMethod]
    public async Task A_uri_naming_one_object_lists_that_object()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        await bucket.PutAsync("m/model.onnx", [7, 8, 9]);
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment()));

        RemoteListing listing = await store.ListAsync(TestStores.Spec($"s3://{bucket.Name}/m/model.onnx"), CancellationToken.None);

        Assert.AreEqual("model.onnx", listing.Files.Single().RelativePath);
        Assert.AreEqual(3, listing.Files.Single().Size);
    }

    [TestMethod]
    public async Task The_endpoint_can_come_from_S3Endpoint_metadata()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        await bucket.PutAsync("a/b.txt", [1]);
        Dictionary<string, string> environment = S3Bucket.Environment();
        environment.Remove("AWS_ENDPOINT_URL");
        var store = new S3FileSource(TestStores.Context(environment));

        RemoteListing listing = await store.ListAsync(
            TestStores.Spec($"s3://{bucket.Name}/a", ("S3Endpoint", TestEnvironment.S3Endpoint), ("S3ForcePathStyle", "true")), CancellationToken.None);

        Assert.AreEqual("b.txt", listing.Files.Single().RelativePath);
    }

    [TestMethod]
    public async Task A_missing_bucket_is_SourceNotFound_naming_it()
    {
        _ = TestEnvironment.S3Endpoint;
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment()));
        string name = TestStores.UniqueName("missing");

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"s3://{name}/x"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceNotFound, error.Code);
        StringAssert.Contains(error.Message, name);
    }

    [TestMethod]
    public async Task Wrong_credentials_are_SourceAccessDenied_naming_bucket_and_credential_kind_but_not_the_secret()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        await bucket.PutAsync("m/a.bin", [1]);
        // s3rver checks the access key id but not SigV4 signatures, so a wrong key id stands for wrong credentials.
        const string wrongKeyId = "AKIAWRONGKEY3F9C1D7E";
        const string wrongSecret = "wrong-secret-3f9c1d7e";
        Dictionary<string, string> environment = S3Bucket.Environment();
        environment["AWS_ACCESS_KEY_ID"] = wrongKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = wrongSecret;
        var store = new S3FileSource(TestStores.Context(environment));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"s3://{bucket.Name}/m"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceAccessDenied, error.Code);
        StringAssert.Contains(error.Message, bucket.Name);
        StringAssert.Contains(error.Message, "environment variables");
        Assert.IsFalse(error.Message.Contains(wrongSecret), error.Message);
        Assert.IsFalse(error.Message.Contains(wrongKeyId), error.Message);
    }

    [TestMethod]
    public async Task No_credentials_anywhere_is_CloudCredentialsMissing()
    {
        // The process's own chain (profile, instance role) is pointed at nothing by CloudTestSetup.
        var store = new S3FileSource(TestStores.Context(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" }));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec("s3://some-bucket/m"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.CloudCredentialsMissing, error.Code);
        StringAssert.Contains(error.Message, "some-bucket");
        StringAssert.Contains(error.Message, "AWS_ACCESS_KEY_ID");
    }

    [TestMethod]
    public async Task An_empty_prefix_is_SourceMatchedNothing()
    {
        S3Bucket bucket = await S3Bucket.CreateAsync();
        await bucket.PutAsync("other/a.bin", [1]);
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"s3://{bucket.Name}/models"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceMatchedNothing, error.Code);
        StringAssert.Contains(error.Message, $"s3://{bucket.Name}/models");
    }

    [TestMethod]
    public async Task An_unreachable_endpoint_is_SourceDownloadFailed_naming_it()
    {
        Dictionary<string, string> environment = S3Bucket.Environment();
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"; // The discard port: nothing listens.
        var store = new S3FileSource(TestStores.Context(environment));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec("s3://b/m"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceDownloadFailed, error.Code);
        StringAssert.Contains(error.Message, "127.0.0.1:9");
    }

    [TestMethod]
    [DataRow("s3://", "names no bucket")]
    [DataRow("s3:///prefix", "names no bucket")]
    [DataRow("s3://AKIAKEY:secretvalue@bucket/m", "user info")]
    [DataRow("s3://bucket/m?versionId=1", "query")]
    public async Task A_malformed_uri_is_InvalidModelSource(string uri, string why)
    {
        var store = new S3FileSource(TestStores.Context(new Dictionary<string, string>()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec(uri), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, error.Code);
        StringAssert.Contains(error.Message, why);
        Assert.IsFalse(error.Message.Contains("secretvalue"), error.Message);
    }

    [TestMethod]
    public async Task A_bad_path_style_flag_is_InvalidModelSource()
    {
        var store = new S3FileSource(TestStores.Context(S3Bucket.Environment()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec("s3://b/m", ("S3ForcePathStyle", "yes")), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, error.Code);
        StringAssert.Contains(error.Message, "S3ForcePathStyle");
    }
}
