using Azure.Storage.Blobs;

namespace Modelcar.Sources.AzureBlob;

/// <summary>
/// A blob URI taken apart: <c>https://account.blob.core.windows.net/container/prefix[?sas]</c>, or the path-style
/// form of Azurite and IP endpoints (<c>http://127.0.0.1:10000/account/container/prefix</c>), or a custom domain.
/// </summary>
/// <param name="ContainerUri">The container's URI without any query: no SAS.</param>
/// <param name="Container">The container name.</param>
/// <param name="Prefix">The blob name prefix without a trailing '/', empty for the whole container.</param>
/// <param name="Sas">The SAS token from the URI's query, or null. A secret: never shown.</param>
internal sealed record AzureBlobAddress(Uri ContainerUri, string AccountName, string Container, string Prefix, string? Sas)
{
    /// <summary>The URI without its query: what messages, the cache and image.json show.</summary>
    public string DisplayUri => Prefix.Length == 0 ? ContainerUri.ToString() : $"{ContainerUri}/{Prefix}";

    public string LocationOf(string blobName) => $"{ContainerUri}/{blobName}";

    public static AzureBlobAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || parsed.Scheme is not ("https" or "http"))
        {
            throw Invalid(StripQuery(uri), "it is not an absolute http(s) URL");
        }
        if (parsed.UserInfo.Length > 0)
        {
            throw Invalid(parsed.GetLeftPart(UriPartial.Scheme) + "***@" + parsed.Host + parsed.AbsolutePath, "it holds user info; use a connection string, a SAS or an Azure identity instead");
        }
        var builder = new BlobUriBuilder(parsed);
        string? sas = string.IsNullOrEmpty(parsed.Query) ? null : parsed.Query.TrimStart('?');
        if (string.IsNullOrEmpty(builder.BlobContainerName))
        {
            throw Invalid(StripQuery(uri), "it names no container");
        }
        string prefix = (builder.BlobName ?? "").Trim('/');
        builder.BlobName = "";
        builder.Sas = null;
        builder.Query = null;
        builder.Snapshot = null;
        builder.VersionId = null;
        Uri container = builder.ToUri();
        return new AzureBlobAddress(new Uri(container.ToString().TrimEnd('/')), builder.AccountName ?? "", builder.BlobContainerName, prefix, sas);
    }

    private static string StripQuery(string uri)
    {
        int query = uri.IndexOf('?');
        return query < 0 ? uri : uri[..query];
    }

    private static ModelcarException Invalid(string shown, string why) =>
        new(ErrorCodes.InvalidModelSource,
            $"The ModelSource '{shown}' is not a valid Azure Blob URI: {why}. Write it as https://<account>.blob.core.windows.net/<container>/<prefix>.");
}
