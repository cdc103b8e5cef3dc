
namespace Modelcar.Sources.Gcs;

/// <summary>
/// <c>gs://</c>: not read directly (no Google client library in the SDK); the error says the two ways that work:
/// the public https URL, or Cloud Storage's S3-compatible XML API with HMAC keys.
/// </summary>
public sealed class GcsRejection : IRefusedModelSource
{
    public IReadOnlyCollection<string> Schemes { get; } = ["gs"];

    public Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        string path = spec.Uri.Length > 5 ? spec.Uri[5..] : "<bucket>/<object>";
        string bucket = path.Split('/')[0];
        throw new ModelcarException(ErrorCodes.GcsNotSupported,
            $"The ModelSource '{spec.Uri}' is a Google Cloud Storage URI, which Modelcar.Sdk does not read directly. "
            + $"For a public object use https://storage.googleapis.com/{path} (with Sha256 metadata). "
            + $"For a private bucket use s3://{bucket}/... with AWS_ENDPOINT_URL=https://storage.googleapis.com and an HMAC key of the bucket's service account in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
    }
}
