using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Modelcar.Sources.S3;

/// <summary>
/// Turns AWS SDK failures into errors a user can act on. Only the service's error code goes into a message,
/// never its text or the request (which could carry a signature or key id).
/// </summary>
internal static class S3Errors
{
    public static ModelcarException Translate(Exception exception, S3Address address, S3ClientSettings settings, string credentialKind, string doing)
    {
        string where = settings.Endpoint is null ? "AWS S3" : $"The S3 endpoint {settings.Endpoint.GetLeftPart(UriPartial.Authority)}";
        switch (exception)
        {
            case AmazonS3Exception s3 when s3.ErrorCode is "NoSuchBucket":
                return new ModelcarException(ErrorCodes.SourceNotFound,
                    $"The S3 bucket '{address.Bucket}' does not exist at {Lower(where)} (while {doing} '{address.DisplayUri}'). Check the bucket name, and S3Endpoint / AWS_ENDPOINT_URL for an S3-compatible store.", exception);
            case AmazonS3Exception s3 when IsDenied(s3):
                return new ModelcarException(ErrorCodes.SourceAccessDenied,
                    $"{where} refused access to the S3 bucket '{address.Bucket}' ({s3.ErrorCode ?? ((int)s3.StatusCode).ToString(CultureInfo.InvariantCulture)}) while {doing} '{address.DisplayUri}', with credentials from {credentialKind}. Check that the key is valid and that its policy allows s3:ListBucket and s3:GetObject on the bucket.", exception);
            case AmazonS3Exception s3 when s3.StatusCode == HttpStatusCode.MovedPermanently || s3.ErrorCode is "PermanentRedirect" or "AuthorizationHeaderMalformed":
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"The S3 bucket '{address.Bucket}' is not in region '{settings.Region}' ({s3.ErrorCode}). Set AWS_REGION or S3Region metadata to the bucket's region.", exception);
            case AmazonS3Exception s3 when s3.StatusCode == HttpStatusCode.PreconditionFailed:
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"An object under '{address.DisplayUri}' changed while it was being read (its ETag no longer matches the listing). Build again once the upload to the bucket has finished.", exception);
            case AmazonServiceException service:
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"{where} failed while {doing} '{address.DisplayUri}': {service.ErrorCode ?? "HTTP " + (int)service.StatusCode}. Try again; if it persists, check the store's health.", exception);
            default:
                return new ModelcarException(ErrorCodes.SourceDownloadFailed,
                    $"Could not reach {Lower(where)} while {doing} '{address.DisplayUri}': {Describe(exception)}. Check the endpoint (S3Endpoint / AWS_ENDPOINT_URL) and the network.", exception);
        }
    }

    private static string Lower(string where) => where.StartsWith("The ", StringComparison.Ordinal) ? "t" + where[1..] : where;

    private static bool IsDenied(AmazonS3Exception s3) =>
        s3.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || s3.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken";

    // The innermost message of a network failure ("Connection refused (127.0.0.1:4568)") says what went wrong
    // without any request detail.
    private static string Describe(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner is System.Net.Sockets.SocketException or HttpRequestException or TimeoutException or IOException
            ? inner.Message
            : inner.GetType().Name;
    }
}
