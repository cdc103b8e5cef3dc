using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.S3;

/// <summary>
/// <c>s3://bucket/prefix</c>: every object under the prefix (or the one object the URI names), from AWS S3 or
/// an S3-compatible store. Credentials come from the AWS default chain; see docs/sources-cloud.md.
/// </summary>
public sealed class S3FileSource(RemoteStoreContext context) : IRemoteFileSource
{
    /// <summary>The system's CAs plus ModelcarCaBundle's; explains a refused certificate.</summary>
    private readonly SourceTls _tls = new(context.ExtraTrustedRoots);

    // One client per listed source, so that OpenReadAsync reads with what ListAsync resolved.
    private readonly ConcurrentDictionary<string, S3Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Keys per ListObjectsV2 page; S3 caps it at 1000. Tests lower it to exercise paging.</summary>
    internal int PageSize { get; init; } = 1000;

    public IReadOnlyCollection<string> Schemes { get; } = ["s3"];

    public async Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        S3Address address = S3Address.Parse(spec.Uri);
        S3ClientSettings settings = S3ClientSettings.From(spec, context.GetEnvironmentVariable);
        S3Credentials credentials = S3Credentials.Resolve(context.GetEnvironmentVariable, address.Bucket);
        var session = new S3Session(address, settings, credentials.Kind, CreateClient(settings, credentials));
        context.Log.Detail($"{address.DisplayUri}: listing with credentials from {credentials.Kind}"
            + (settings.Endpoint is null ? $", region {settings.Region}" : $", endpoint {settings.Endpoint.GetLeftPart(UriPartial.Authority)}{(settings.ForcePathStyle ? " (path-style)" : "")}"));

        List<RemoteFile> files;
        try
        {
            files = await ListUnderPrefixAsync(session, cancellationToken);
            if (files.Count == 0 && address.Prefix.Length > 0)
            {
                // s3://bucket/path/model.bin names one object, as KServe's storage initializer allows.
                RemoteFile? single = await HeadAsync(session, address.Prefix, address.Prefix[(address.Prefix.LastIndexOf('/') + 1)..], cancellationToken);
                if (single is not null) files.Add(single);
            }
        }
        catch (Exception e) when (e is not ModelcarException and not OperationCanceledException)
        {
            throw UntrustedCertificate(e, settings) ?? S3Errors.Translate(e, address, settings, credentials.Kind, "listing");
        }
        if (files.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.SourceMatchedNothing,
                $"The S3 source '{address.DisplayUri}' holds no objects. Check the prefix (it is a folder: s3://{address.Bucket}/{(address.Prefix.Length == 0 ? "" : address.Prefix + "/")}… is listed).");
        }
        _sessions[address.DisplayUri] = session;
        return new RemoteListing(address.DisplayUri, null, files);
    }

    public async Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(listing.DisplayUri, out S3Session? session))
        {
            throw new InvalidOperationException($"{listing.DisplayUri} was not listed by this store.");
        }
        if (offset >= file.Size) return Stream.Null;
        var request = new GetObjectRequest
        {
            BucketName = session.Address.Bucket,
            Key = KeyOf(file),
            // The bytes must be the ones listed: an object replaced since fails instead of mixing two versions.
            EtagToMatch = Quoted(file.Version),
        };
        if (offset > 0) request.ByteRange = new ByteRange(offset, file.Size - 1);
        try
        {
            GetObjectResponse response = await session.Client.GetObjectAsync(request, cancellationToken);
            return new OwningStream(response.ResponseStream, response);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw UntrustedCertificate(e, session.Settings) ?? S3Errors.Translate(e, session.Address, session.Settings, session.CredentialKind, "reading");
        }
    }

    private async Task<List<RemoteFile>> ListUnderPrefixAsync(S3Session session, CancellationToken cancellationToken)
    {
        S3Address address = session.Address;
        string prefix = address.Prefix.Length == 0 ? "" : address.Prefix + "/";
        var files = new List<RemoteFile>();
        var request = new ListObjectsV2Request { BucketName = address.Bucket, Prefix = prefix, MaxKeys = PageSize };
        ListObjectsV2Response page;
        do
        {
            page = await session.Client.ListObjectsV2Async(request, cancellationToken);
            foreach (S3Object item in page.S3Objects ?? [])
            {
                // "folder/" markers that consoles create hold no file.
                if (item.Key.EndsWith('/')) continue;
                string relative = item.Key[prefix.Length..];
                bool hasSha256 = item.ChecksumAlgorithm?.Any(a => a == ChecksumAlgorithm.SHA256) == true;
                files.Add(hasSha256
                    ? await HeadAsync(session, item.Key, relative, cancellationToken) ?? ToFile(address, item, relative)
                    : ToFile(address, item, relative));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true && !string.IsNullOrEmpty(page.NextContinuationToken));
        return files;
    }

    /// <summary>The object's metadata with its checksum, or null when there is no such object.</summary>
    private static async Task<RemoteFile?> HeadAsync(S3Session session, string key, string relative, CancellationToken cancellationToken)
    {
        try
        {
            GetObjectMetadataResponse head = await session.Client.GetObjectMetadataAsync(new GetObjectMetadataRequest
            {
                BucketName = session.Address.Bucket,
                Key = key,
                ChecksumMode = ChecksumMode.ENABLED,
            }, cancellationToken);
            return new RemoteFile(relative, head.ContentLength, S3Checksums.FullObjectSha256(head.ChecksumSHA256, head.ChecksumType),
                Unquoted(head.ETag), session.Address.LocationOf(key));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        {
            return null;
        }
    }

    private static RemoteFile ToFile(S3Address address, S3Object item, string relative) =>
        new(relative, item.Size ?? 0, null, Unquoted(item.ETag), address.LocationOf(item.Key));

    private static string KeyOf(RemoteFile file)
    {
        // Location is s3://bucket/key.
        string rest = file.Location["s3://".Length..];
        return rest[(rest.IndexOf('/') + 1)..];
    }

    /// <summary>MODELCAR056 naming the certificate, when a TLS handshake failed under the SDK's wrapping.</summary>
    private ModelcarException? UntrustedCertificate(Exception exception, S3ClientSettings settings)
    {
        Uri endpoint = settings.Endpoint ?? new Uri($"https://s3.{settings.Region}.amazonaws.com");
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Http.HttpRequestException http && _tls.Explain(http, endpoint, endpoint.GetLeftPart(UriPartial.Authority)) is { } untrusted) return untrusted;
        }
        return null;
    }

    private AmazonS3Client CreateClient(S3ClientSettings settings, S3Credentials credentials)
    {
        var config = new AmazonS3Config
        {
            HttpClientFactory = new TrustingHttpClientFactory(_tls),
            ForcePathStyle = settings.ForcePathStyle,
            AuthenticationRegion = settings.Region,
            // The endpoint is what S3ClientSettings resolved (from the item's environment), never the SDK's own reading.
            IgnoreConfiguredEndpointUrls = true,
            // Reads only: ask for response checksums only where S3 requires them (S3-compatible stores often have none).
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        };
        if (settings.Endpoint is not null)
        {
            config.ServiceURL = settings.Endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }
        return new AmazonS3Client(credentials.Credentials, config);
    }

    private static string Unquoted(string? etag) => (etag ?? "").Trim('"');

    private static string Quoted(string etag) => $"\"{etag}\"";

    private sealed record S3Session(S3Address Address, S3ClientSettings Settings, string CredentialKind, AmazonS3Client Client);
}
