namespace Modelcar.Sources.Cloud.Tests;

[TestClass]
public static class CloudTestSetup
{
    /// <summary>
    /// The credential chains also look at the machine (a developer's ~/.aws, an instance metadata endpoint):
    /// point them at nothing, so that "no credentials" means the same on every machine and fails fast.
    /// Only this test process is affected.
    /// </summary>
    [AssemblyInitialize]
    public static void IsolateCredentialChains(TestContext _)
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/modelcar-tests/credentials");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/nonexistent/modelcar-tests/config");
        foreach (string variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                     "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "MSI_ENDPOINT" })
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
