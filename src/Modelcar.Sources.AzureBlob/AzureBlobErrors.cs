using Azure;
using Azure.Identity;

namespace Modelcar.Sources.AzureBlob;

/// <summary>
/// Turns Azure SDK failures into errors a user can act on. Only the service's error code goes into a message,
/// never its text or the request URI (which could carry the SAS).
/// </summary>
internal static class AzureBlobErrors
{
    public static ModelcarException Translate(Exception exception, AzureBlobAddress address, string credentialKind, string doing)
    {
        switch (exception)
        {
            case CredentialUnavailableException:
            case AuthenticationFailedException when NoIdentityAvailable(exception):
                return new ModelcarException(ErrorCodes.CloudCredentialsMissing,
                    $"No Azure credentials found to read the container '{address.Container}' ('{address.DisplayUri}'). Set AZURE_STORAGE_CONNECTION_STRING, put a SAS in the ModelSource URI (from an environment variable, not the project file), or run with an Azure identity: AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, workload or managed identity, or 'az login' (Azure DevOps: the AzureCLI task with a service connection).", exception);
            case AuthenticationFailedException:
                return Denied(address, credentialKind, doing, "the identity could not get a token", exception);
            case RequestFailedException { ErrorCode: "ContainerNotFound" }:
                return new ModelcarException(ErrorCodes.SourceNotFound,
                    $"The Azure Blob container '{address.Container}' does not exist (while {doing} '{address.DisplayUri}'). Check the container name and the account.", exception);
            case RequestFailedException { Status: 401 or 403 } failed:
                return Denied(address, credentialKind, doing, failed.ErrorCode ?? "HTTP " + failed.Status, exception);
            case RequestFailedException { Status: 412 or 409 } when doing == "reading":
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"A blob under '{address.DisplayUri}' changed while it was being read (its ETag no longer matches the listing). Build again once the upload has finished.", exception);
            case RequestFailedException { Status: 0 } unreachable:
                return Unreachable(address, doing, unreachable);
            case RequestFailedException failed:
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"Azure Blob Storage failed while {doing} '{address.DisplayUri}': {failed.ErrorCode ?? "HTTP " + failed.Status}. Try again; if it persists, check the storage account's health.", exception);
            default:
                return Unreachable(address, doing, exception);
        }
    }

    /// <summary>
    /// Whether the identity chain found nothing to use (as opposed to an identity that was refused). Some networks
    /// answer the managed identity probe with an error instead of silence; MSAL then reports every source unavailable.
    /// </summary>
    private static bool NoIdentityAvailable(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is CredentialUnavailableException) return true;
            if (inner is Microsoft.Identity.Client.MsalException { ErrorCode: "managed_identity_all_sources_unavailable" }) return true;
        }
        return false;
    }

    private static ModelcarException Denied(AzureBlobAddress address, string credentialKind, string doing, string reason, Exception exception) =>
        new(ErrorCodes.SourceAccessDenied,
            $"Azure Blob Storage refused access to the container '{address.Container}' ({reason}) while {doing} '{address.DisplayUri}', with credentials from {credentialKind}. Check that the key or SAS is valid and unexpired (a SAS needs read and list permissions), or that the identity has the 'Storage Blob Data Reader' role on the container.", exception);

    private static ModelcarException Unreachable(AzureBlobAddress address, string doing, Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is not null) inner = inner.InnerException;
        string why = inner is System.Net.Sockets.SocketException or HttpRequestException or TimeoutException or IOException ? inner.Message : inner.GetType().Name;
        return new ModelcarException(ErrorCodes.SourceDownloadFailed,
            $"Could not reach Azure Blob Storage at {address.ContainerUri.GetLeftPart(UriPartial.Authority)} while {doing} '{address.DisplayUri}': {why}. Check the URI and the network.", exception);
    }
}
