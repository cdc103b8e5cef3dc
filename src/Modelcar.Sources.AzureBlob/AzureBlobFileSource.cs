using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.AzureBlob;

/// <summary>
/// <c>https://account.blob.core.windows.net/container/prefix</c>: every blob under the prefix (or the one blob the
/// URI names). Other hosts (Azurite, custom domains, Azure Stack) with <c>AzureBlob="true"</c> metadata.
/// See docs/sources-cloud.md for the credential order.
/// </summary>
public sealed class AzureBlobFileSource(RemoteStoreContext context) : IRemoteFileSource
{
    public const string AzureBlobMetadata = "AzureBlob";

    /// <summary>The system's CAs plus ModelcarCaBundle's (Azure Stack or a proxy behind a company CA); explains refusals.</summary>
    private readonly SourceTls _tls = new(context.ExtraTrustedRoots);

    // One client per listed source, so that OpenReadAsync reads with what ListAsync resolved (the SAS is in it).
    private readonly ConcurrentDictionary<string, AzureSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Blobs per listing page (the service's maximum is 5000). Tests lower it to exercise paging.</summary>
    internal int PageSize { get; init; } = 5000;

    public IReadOnlyCollection<string> Schemes { get; } = ["https", "http"];

    public bool CanRead(ModelSourceSpec spec)
    {
        if (spec.Metadata.TryGetValue(AzureBlobMetadata, out string? flag) && bool.TryParse(flag, out bool on))
        {
            return on;
        }
        return Uri.TryCreate(spec.Uri, UriKind.Absolute, out Uri? uri)
            && uri.Scheme == "https"
            && IsAzureBlobHost(uri.Host);
    }

    /// <summary>The public cloud's and the sovereign clouds' blob endpoints: account.blob.core.windows.net, …chinacloudapi.cn, …usgovcloudapi.net.</summary>
    private static bool IsAzureBlobHost(string host)
    {
        int first = host.IndexOf('.');
        return first > 0 && host[(first + 1)..].StartsWith("blob.core.", StringComparison.OrdinalIgnoreCase);
    }

    public async Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        AzureBlobAddress address = AzureBlobAddress.Parse(spec.Uri);
        (BlobContainerClient client, string kind) = AzureBlobAuth.CreateClient(address, context.GetEnvironmentVariable, ClientOptions());
        var session = new AzureSession(address, kind, client);
        context.Log.Detail($"{address.DisplayUri}: listing with credentials from {kind}");

        var files = new List<RemoteFile>();
        try
        {
            string prefix = address.Prefix.Length == 0 ? "" : address.Prefix + "/";
            await foreach (Page<BlobItem> page in client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: PageSize))
            {
                foreach (BlobItem blob in page.Values)
                {
                    if (blob.Name.EndsWith('/')) continue; // Folder markers hold no file.
                    files.Add(ToFile(address, blob.Name, blob.Name[prefix.Length..], blob.Properties.ContentLength ?? 0, blob.Properties.ETag));
                }
            }
            if (files.Count == 0 && address.Prefix.Length > 0)
            {
                // .../container/path/model.bin names one blob.
                RemoteFile? single = await GetSingleAsync(address, client, cancellationToken);
                if (single is not null) files.Add(single);
            }
        }
        catch (Exception e) when (e is not ModelcarException and not OperationCanceledException)
        {
            throw UntrustedCertificate(e, address) ?? AzureBlobErrors.Translate(e, address, kind, "listing");
        }
        if (files.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.SourceMatchedNothing,
                $"The Azure Blob source '{address.DisplayUri}' holds no blobs. Check the prefix (it is a folder: {address.DisplayUri}/… is listed).");
        }
        _sessions[address.DisplayUri] = session;
        return new RemoteListing(address.DisplayUri, null, files);
    }

    public async Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(listing.DisplayUri, out AzureSession? session))
        {
            throw new InvalidOperationException($"{listing.DisplayUri} was not listed by this store.");
        }
        if (offset >= file.Size) return Stream.Null;
        string blobName = file.Location[(session.Address.ContainerUri.ToString().Length + 1)..];
        try
        {
            BlobDownloadStreamingResult result = await session.Client.GetBlobClient(blobName).DownloadStreamingAsync(new BlobDownloadOptions
            {
                Range = new HttpRange(offset),
                // The bytes must be the ones listed: a blob replaced since fails instead of mixing two versions.
                Conditions = new BlobRequestConditions { IfMatch = new ETag(Quoted(file.Version)) },
            }, cancellationToken);
            return result.Content;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw UntrustedCertificate(e, session.Address) ?? AzureBlobErrors.Translate(e, session.Address, session.CredentialKind, "reading");
        }
    }

    private static async Task<RemoteFile?> GetSingleAsync(AzureBlobAddress address, BlobContainerClient client, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = (await client.GetBlobClient(address.Prefix).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return ToFile(address, address.Prefix, address.Prefix[(address.Prefix.LastIndexOf('/') + 1)..], properties.ContentLength, properties.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode is not "ContainerNotFound")
        {
            return null;
        }
    }

    private static RemoteFile ToFile(AzureBlobAddress address, string name, string relative, long size, ETag? etag) =>
        new(relative, size, null, (etag?.ToString() ?? "").Trim('"'), address.LocationOf(name));

    private static string Quoted(string etag) => $"\"{etag}\"";

    /// <summary>MODELCAR056 naming the certificate, when a TLS handshake failed somewhere under the SDK's wrapping (retries aggregate it).</summary>
    private ModelcarException? UntrustedCertificate(Exception exception, AzureBlobAddress address)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out Exception? e))
        {
            if (e is System.Net.Http.HttpRequestException http && _tls.Explain(http, address.ContainerUri, address.DisplayUri) is { } untrusted) return untrusted;
            if (e is AggregateException aggregate) foreach (Exception inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is not null) pending.Push(e.InnerException);
        }
        return null;
    }

    private BlobClientOptions ClientOptions()
    {
        var handler = new System.Net.Http.SocketsHttpHandler();
        _tls.Configure(handler);
        var options = new BlobClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(handler) };
        // A refused connection fails in seconds, not after the SDK's default minute of retries.
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        return options;
    }

    private sealed record AzureSession(AzureBlobAddress Address, string CredentialKind, BlobContainerClient Client);
}
