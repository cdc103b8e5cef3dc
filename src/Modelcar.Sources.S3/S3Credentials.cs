using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Modelcar.Sources.S3;

/// <summary>AWS credentials and, for messages, what kind of source they came from (never the key itself).</summary>
/// <param name="Kind">E.g. "environment variables (AWS_ACCESS_KEY_ID)", "the AWS SDK default chain (InstanceProfileAWSCredentials)".</param>
internal sealed record S3Credentials(AWSCredentials Credentials, string Kind)
{
    /// <summary>
    /// The AWS default chain: environment variables first (read through <paramref name="environment"/>, so the
    /// caller decides what the environment is), then the SDK's own chain for the rest: shared profile, web
    /// identity (EKS, GitHub OIDC), container and instance roles.
    /// </summary>
    public static S3Credentials Resolve(Func<string, string?> environment, string bucket)
    {
        string? keyId = environment("AWS_ACCESS_KEY_ID");
        string? secret = environment("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(keyId) && !string.IsNullOrEmpty(secret))
        {
            string? session = environment("AWS_SESSION_TOKEN");
            AWSCredentials fromEnvironment = string.IsNullOrEmpty(session)
                ? new BasicAWSCredentials(keyId, secret)
                : new SessionAWSCredentials(keyId, secret, session);
            return new S3Credentials(fromEnvironment, "environment variables (AWS_ACCESS_KEY_ID)");
        }

        AWSCredentials? chained;
        try
        {
            chained = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException)
        {
            chained = null;
        }
        if (chained is null)
        {
            throw new ModelcarException(ErrorCodes.CloudCredentialsMissing,
                $"No AWS credentials found to read the S3 bucket '{bucket}'. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), AWS_PROFILE with a profile in ~/.aws, AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, or run where an instance or container role is available.");
        }
        return new S3Credentials(chained, $"the AWS SDK default chain ({chained.GetType().Name})");
    }
}
