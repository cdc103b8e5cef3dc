
namespace Modelcar.Sources.S3;

/// <summary>An <c>s3://bucket/prefix</c> URI taken apart.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Prefix">The key prefix without a trailing '/', empty for the whole bucket.</param>
internal sealed record S3Address(string Bucket, string Prefix)
{
    /// <summary>The URI again, normalized: what messages, the cache and image.json show.</summary>
    public string DisplayUri => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    public string LocationOf(string key) => $"s3://{Bucket}/{key}";

    public static S3Address Parse(string uri)
    {
        const string scheme = "s3://";
        if (!uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(uri, "it does not start with s3://");
        }
        string rest = uri[scheme.Length..];
        if (rest.Contains('?') || rest.Contains('#'))
        {
            throw Invalid(uri, "it has a query or fragment; put endpoint and options in S3Endpoint / S3ForcePathStyle metadata");
        }
        int slash = rest.IndexOf('/');
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            throw Invalid(uri, "it names no bucket");
        }
        if (bucket.Contains('@') || bucket.Contains(':'))
        {
            // s3://key:secret@bucket would put a secret into the project file and every log line.
            throw Invalid(uri, "the bucket name holds user info or a port; credentials come from the AWS credential chain, endpoints from S3Endpoint or AWS_ENDPOINT_URL");
        }
        return new S3Address(bucket, prefix);
    }

    private static ModelcarException Invalid(string uri, string why) =>
        new(ErrorCodes.InvalidModelSource,
            $"The ModelSource '{Redact(uri)}' is not a valid S3 URI: {why}. Write it as s3://bucket/prefix, e.g. s3://models/llama-3-8b.");

    // A URI with user info must not be echoed whole.
    private static string Redact(string uri)
    {
        int at = uri.IndexOf('@');
        return at < 0 ? uri : "s3://***@" + uri[(at + 1)..];
    }
}
