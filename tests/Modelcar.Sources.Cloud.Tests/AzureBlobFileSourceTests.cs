using Azure.Storage.Sas;
using Modelcar.Sources.AzureBlob;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>The Azure Blob store against the real Azurite emulator (started by eng/test-env/up.sh).</summary>
[TestClass]
public sealed class AzureBlobFileSourceTests
{
    private static readonly (string, string) AzureBlob = ("AzureBlob", "true");

    [TestMethod]
    public async Task Lists_every_blob_under_the_prefix_across_pages_with_relative_paths()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        var content = new Dictionary<string, byte[]>
        {
            ["config.json"] = TestStores.Bytes("config", 120),
            ["model.safetensors"] = TestStores.Bytes("weights", 70_000),
            ["tokenizer/vocab.json"] = TestStores.Bytes("vocab", 300),
            ["tokenizer/deep/merges.txt"] = TestStores.Bytes("merges", 50),
            ["README.md"] = TestStores.Bytes("readme", 10),
        };
        foreach ((string path, byte[] bytes) in content) await container.PutAsync("models/llama/" + path, bytes);
        await container.PutAsync("models/llama2/config.json", [1, 2, 3]);

        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment())) { PageSize = 2 };
        RemoteListing listing = await store.ListAsync(TestStores.Spec($"{container.Uri}/models/llama/", AzureBlob), CancellationToken.None);

        Assert.AreEqual($"{container.Uri}/models/llama", listing.DisplayUri);
        CollectionAssert.AreEquivalent(content.Keys.ToList(), listing.Files.Select(f => f.RelativePath).ToList());
        foreach (RemoteFile file in listing.Files)
        {
            Assert.AreEqual(content[file.RelativePath].Length, file.Size, file.RelativePath);
            Assert.AreEqual($"{container.Uri}/models/llama/{file.RelativePath}", file.Location);
            Assert.IsFalse(string.IsNullOrEmpty(file.Version), "the ETag is the version");
            CollectionAssert.AreEqual(content[file.RelativePath], await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, file, 0, CancellationToken.None)), file.RelativePath);
        }
    }

    [TestMethod]
    public async Task Reads_from_an_offset_with_a_ranged_download()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        byte[] weights = TestStores.Bytes("ranged", 100_000);
        await container.PutAsync("m/weights.bin", weights);
        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment()));
        RemoteListing listing = await store.ListAsync(TestStores.Spec($"{container.Uri}/m", AzureBlob), CancellationToken.None);
        RemoteFile file = listing.Files.Single();

        byte[] tail = await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, file, 65_537, CancellationToken.None));

        CollectionAssert.AreEqual(weights[65_537..], tail);
    }

    [TestMethod]
    public async Task A_uri_naming_one_blob_lists_that_blob()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        await container.PutAsync("m/model.onnx", [7, 8, 9]);
        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment()));

        RemoteListing listing = await store.ListAsync(TestStores.Spec($"{container.Uri}/m/model.onnx", AzureBlob), CancellationToken.None);

        Assert.AreEqual("model.onnx", listing.Files.Single().RelativePath);
    }

    [TestMethod]
    public async Task A_sas_in_the_uri_authenticates_and_appears_in_no_output()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        byte[] bytes = TestStores.Bytes("sas", 5000);
        await container.PutAsync("m/a.bin", bytes);
        await container.PutAsync("m/sub/b.bin", [1, 2]);
        Uri sasUri = container.Client.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));
        string signature = System.Web.HttpUtility.ParseQueryString(sasUri.Query)["sig"]!;
        // No connection string: the SAS alone must do.
        var store = new AzureBlobFileSource(TestStores.Context(new Dictionary<string, string>()));

        var builder = new UriBuilder(sasUri);
        builder.Path += "/m";
        RemoteListing listing = await store.ListAsync(TestStores.Spec(builder.Uri.ToString(), AzureBlob), CancellationToken.None);

        Assert.AreEqual($"{container.Uri}/m", listing.DisplayUri);
        string everything = string.Join("\n", listing.Files.SelectMany(f => new[] { f.RelativePath, f.Version, f.Location }).Append(listing.DisplayUri));
        Assert.IsFalse(everything.Contains('?'), everything);
        Assert.IsFalse(everything.Contains(signature) || everything.Contains(Uri.EscapeDataString(signature)), everything);
        CollectionAssert.AreEqual(bytes, await TestStores.ReadAllAsync(await store.OpenReadAsync(listing, listing.Files.Single(f => f.RelativePath == "a.bin"), 0, CancellationToken.None)));
    }

    [TestMethod]
    public async Task A_forged_sas_is_SourceAccessDenied_without_the_sas_in_the_message()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        await container.PutAsync("m/a.bin", [1]);
        Uri sasUri = container.Client.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));
        string forged = "AAAAforgedSignatureAAAAAAAAAAAAAAAAAAAAAAAA=";
        string query = System.Text.RegularExpressions.Regex.Replace(sasUri.Query.TrimStart('?'), "sig=[^&]*", "sig=" + Uri.EscapeDataString(forged));
        var store = new AzureBlobFileSource(TestStores.Context(new Dictionary<string, string>()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"{container.Uri}/m?{query}", AzureBlob), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceAccessDenied, error.Code);
        StringAssert.Contains(error.Message, container.Name);
        StringAssert.Contains(error.Message, "SAS");
        Assert.IsFalse(error.Message.Contains("forgedSignature") || error.Message.Contains("sig="), error.Message);
    }

    [TestMethod]
    public async Task A_wrong_account_key_is_SourceAccessDenied_without_the_key_in_the_message()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        await container.PutAsync("m/a.bin", [1]);
        string wrongKey = Convert.ToBase64String(TestStores.Bytes("wrong key", 64));
        string connectionString = System.Text.RegularExpressions.Regex.Replace(TestEnvironment.AzuriteConnectionString, "AccountKey=[^;]*", "AccountKey=" + wrongKey);
        var store = new AzureBlobFileSource(TestStores.Context(new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = connectionString }));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"{container.Uri}/m", AzureBlob), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceAccessDenied, error.Code);
        StringAssert.Contains(error.Message, container.Name);
        StringAssert.Contains(error.Message, "AZURE_STORAGE_CONNECTION_STRING");
        Assert.IsFalse(error.Message.Contains(wrongKey), error.Message);
    }

    [TestMethod]
    public async Task A_missing_container_is_SourceNotFound_naming_it()
    {
        string name = TestStores.UniqueName("missing");
        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"{TestEnvironment.AzuriteBlobEndpoint}/{name}/m", AzureBlob), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceNotFound, error.Code);
        StringAssert.Contains(error.Message, name);
    }

    [TestMethod]
    public async Task An_empty_prefix_is_SourceMatchedNothing()
    {
        AzureContainer container = await AzureContainer.CreateAsync();
        await container.PutAsync("other/a.bin", [1]);
        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec($"{container.Uri}/models", AzureBlob), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceMatchedNothing, error.Code);
        StringAssert.Contains(error.Message, $"{container.Uri}/models");
    }

    [TestMethod]
    public async Task A_connection_string_for_another_account_is_InvalidModelSource()
    {
        var store = new AzureBlobFileSource(TestStores.Context(AzureContainer.Environment()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec("https://otheraccount.blob.core.windows.net/c/m"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.InvalidModelSource, error.Code);
        StringAssert.Contains(error.Message, "otheraccount");
        StringAssert.Contains(error.Message, "devstoreaccount1");
        Assert.IsFalse(error.Message.Contains("AccountKey"), error.Message);
    }

    [TestMethod]
    public async Task No_credentials_anywhere_is_CloudCredentialsMissing()
    {
        // DefaultAzureCredential finds nothing: CloudTestSetup clears the identity variables, and this machine has
        // no managed identity endpoint and no logged-in Azure CLI. The account does not exist: no request gets that far.
        var store = new AzureBlobFileSource(TestStores.Context(new Dictionary<string, string>()));

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => store.ListAsync(TestStores.Spec("https://modelcarnoaccount.blob.core.windows.net/c/m"), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.CloudCredentialsMissing, error.Code);
        StringAssert.Contains(error.Message, "AZURE_STORAGE_CONNECTION_STRING");
    }

    [TestMethod]
    [DataRow("https://acct.blob.core.windows.net/c/p", null, true)]
    [DataRow("https://acct.blob.core.chinacloudapi.cn/c/p", null, true)]
    [DataRow("https://example.com/models/a.bin", null, false)]
    [DataRow("http://acct.blob.core.windows.net/c/p", null, false)]
    [DataRow("http://127.0.0.1:10000/devstoreaccount1/c/p", "true", true)]
    [DataRow("https://acct.blob.core.windows.net/c/p", "false", false)]
    public void Answers_for_blob_hosts_or_when_asked(string uri, string? flag, bool expected)
    {
        var store = new AzureBlobFileSource(TestStores.Context(new Dictionary<string, string>()));
        ModelSourceSpec spec = flag is null ? TestStores.Spec(uri) : TestStores.Spec(uri, ("AzureBlob", flag));

        Assert.AreEqual(expected, store.CanRead(spec));
    }
}
