using Modelcar.Sources.Remote;

namespace Modelcar.Sources.S3;

/// <summary>
/// Where and how to reach the bucket: endpoint, region and addressing style, from the item's metadata first,
/// then the environment the AWS tools use (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>).
/// </summary>
/// <param name="Endpoint">A custom endpoint (MinIO, Ceph, s3rver), or null for AWS itself.</param>
/// <param name="Region">The signing region.</param>
/// <param name="ForcePathStyle">Address buckets as endpoint/bucket/key instead of bucket.endpoint/key.</param>
internal sealed record S3ClientSettings(Uri? Endpoint, string Region, bool ForcePathStyle)
{
    public const string EndpointMetadata = "S3Endpoint";
    public const string ForcePathStyleMetadata = "S3ForcePathStyle";
    public const string RegionMetadata = "S3Region";

    /// <summary>AWS's own default; also what S3-compatible stores accept when they ignore regions.</summary>
    private const string DefaultRegion = "us-east-1";

    public static S3ClientSettings From(ModelSourceSpec spec, Func<string, string?> environment)
    {
        Uri? endpoint = ParseEndpoint(spec,
            Metadata(spec, EndpointMetadata) ?? NonEmpty(environment("AWS_ENDPOINT_URL_S3")) ?? NonEmpty(environment("AWS_ENDPOINT_URL")));
        string region = Metadata(spec, RegionMetadata)
            ?? NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION")) ?? DefaultRegion;
        // Most S3-compatible stores (MinIO, Ceph RGW behind one host name) answer only path-style requests.
        bool pathStyle = ParseBool(spec, ForcePathStyleMetadata) ?? endpoint is not null;
        return new S3ClientSettings(endpoint, region, pathStyle);
    }

    private static Uri? ParseEndpoint(ModelSourceSpec spec, string? text)
    {
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            string shown = Uri.TryCreate(text, UriKind.Absolute, out Uri? u) && u.UserInfo.Length > 0 ? "(a URL with user info)" : $"'{text}'";
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The S3 endpoint {shown} for the ModelSource '{spec.Uri}' is not an http(s) URL without user info. Set S3Endpoint metadata or AWS_ENDPOINT_URL to e.g. https://minio.example.com:9000; credentials come from the AWS credential chain.");
        }
        return uri;
    }

    private static bool? ParseBool(ModelSourceSpec spec, string name)
    {
        string? text = Metadata(spec, name);
        if (text is null) return null;
        if (bool.TryParse(text, out bool value)) return value;
        throw new ModelcarException(ErrorCodes.InvalidModelSource,
            $"The {name} metadata of the ModelSource '{spec.Uri}' is '{text}'. Use true or false.");
    }

    private static string? Metadata(ModelSourceSpec spec, string name) =>
        spec.Metadata.TryGetValue(name, out string? value) ? NonEmpty(value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
