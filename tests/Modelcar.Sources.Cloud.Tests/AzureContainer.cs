using Azure.Storage.Blobs;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>A fresh container in Azurite's development account, filled through Azure.Storage.Blobs.</summary>
internal sealed class AzureContainer
{
    private AzureContainer(BlobContainerClient client) => Client = client;

    public BlobContainerClient Client { get; }

    public string Name => Client.Name;

    /// <summary>The container's path-style URI on Azurite, e.g. http://127.0.0.1:10000/devstoreaccount1/name.</summary>
    public string Uri => $"{TestEnvironment.AzuriteBlobEndpoint}/{Name}";

    public static Dictionary<string, string> Environment() =>
        new() { ["AZURE_STORAGE_CONNECTION_STRING"] = TestEnvironment.AzuriteConnectionString };

    public static async Task<AzureContainer> CreateAsync()
    {
        var service = new BlobServiceClient(TestEnvironment.AzuriteConnectionString);
        BlobContainerClient container = service.GetBlobContainerClient(TestStores.UniqueName("modelcar"));
        await container.CreateAsync();
        return new AzureContainer(container);
    }

    public Task PutAsync(string name, byte[] content) =>
        Client.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
}
