using Azure.Identity;
using Azure.Storage.Blobs;

namespace Modelcar.Sources.AzureBlob;

/// <summary>
/// Picks how to authenticate to a container, and names that choice for messages (never the secret):
/// a SAS in the URI, else <c>AZURE_STORAGE_CONNECTION_STRING</c>, else <see cref="DefaultAzureCredential"/>
/// (environment service principal, workload identity, managed identity, Azure CLI: what Azure DevOps service
/// connections and Azure-hosted agents provide).
/// </summary>
internal static class AzureBlobAuth
{
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    public static (BlobContainerClient Client, string Kind) CreateClient(AzureBlobAddress address, Func<string, string?> environment, BlobClientOptions options)
    {
        if (address.Sas is not null)
        {
            var withSas = new UriBuilder(address.ContainerUri) { Query = address.Sas };
            return (new BlobContainerClient(withSas.Uri, options), "the SAS in the ModelSource URI");
        }

        string? connectionString = environment(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            BlobServiceClient service;
            try
            {
                service = new BlobServiceClient(connectionString, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new ModelcarException(ErrorCodes.InvalidModelSource,
                    $"{ConnectionStringVariable} is not a valid Azure Storage connection string (needed to read '{address.DisplayUri}'). Copy it again from the storage account's Access keys page.");
            }
            // The connection string carries its own endpoint: it must be the account the ModelSource names.
            if (address.AccountName.Length > 0 && !string.Equals(service.AccountName, address.AccountName, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelcarException(ErrorCodes.InvalidModelSource,
                    $"{ConnectionStringVariable} is for the storage account '{service.AccountName}', but the ModelSource '{address.DisplayUri}' is in account '{address.AccountName}'. Use that account's connection string, or unset {ConnectionStringVariable} to use a SAS or an Azure identity.");
            }
            return (service.GetBlobContainerClient(address.Container), $"{ConnectionStringVariable} (account '{service.AccountName}')");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true });
        return (new BlobContainerClient(address.ContainerUri, credential, options), "DefaultAzureCredential (environment, workload or managed identity, Azure CLI)");
    }
}
