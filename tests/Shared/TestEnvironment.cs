namespace Modelcar.Testing;

/// <summary>
/// What eng/test-env/up.sh started for the tests (linked into every test project). A test that needs a server it did not start reports
/// itself inconclusive (skipped) with the reason, never passes silently; under <c>CI=true</c> it fails instead (<see cref="Missing"/>),
/// because there a missing environment is a broken pipeline, and 100+ skipped tests would still go green.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>The loopback registry (a real docker-registry), e.g. <c>127.0.0.1:5000</c>.</summary>
    public static string Registry => Require("MODELCAR_TEST_REGISTRY");

    /// <summary>
    /// The root of <see cref="Registry"/>'s filesystem storage (eng/test-env/up.sh: <c>$MODELCAR_TEST_ENV_DIR/registry/data</c>):
    /// tests look there for what a publish left behind, such as upload sessions under <c>repositories/&lt;repo&gt;/_uploads</c>.
    /// </summary>
    public static string RegistryStorage => Path.Combine(Require("MODELCAR_TEST_ENV_DIR"), "registry", "data", "docker", "registry", "v2");

    /// <summary>A busybox base image assembled with umoci and pushed to <see cref="Registry"/>.</summary>
    public static string BaseImage => Require("MODELCAR_TEST_BASE_IMAGE");

    /// <summary>The same base with an ENTRYPOINT, which a modelcar must clear.</summary>
    public static string BaseImageWithEntrypoint => Require("MODELCAR_TEST_BASE_IMAGE_ENTRYPOINT");

    /// <summary>The CA (made by eng/test-env/auth-registries-up.sh) that issued the TLS registry's certificate; not in the system store.</summary>
    public static string AuthCaBundle => Require("MODELCAR_TEST_AUTH_CA_BUNDLE");

    /// <summary>The docker-registry with htpasswd Basic auth over TLS, as a loopback address, e.g. <c>127.0.0.1:5443</c>.</summary>
    public static string AuthBasicRegistry => Require("MODELCAR_TEST_AUTH_BASIC_REGISTRY");

    /// <summary>The same registry under a non-loopback name its certificate is valid for (connect it to 127.0.0.1 yourself).</summary>
    public static string AuthBasicTlsName => Require("MODELCAR_TEST_AUTH_BASIC_TLS_NAME");

    /// <summary>The user and password both auth registries accept (test-only values).</summary>
    public static string AuthUser => Require("MODELCAR_TEST_AUTH_USER");

    public static string AuthPassword => Require("MODELCAR_TEST_AUTH_PASSWORD");

    /// <summary>The docker-registry with <c>auth: token</c>; its tokens come from the tests' own token service.</summary>
    public static string AuthTokenRegistry => Require("MODELCAR_TEST_AUTH_TOKEN_REGISTRY");

    /// <summary>The realm the token registry sends clients to, where the tests host their token service.</summary>
    public static string TokenServiceUrl => Require("MODELCAR_TEST_TOKEN_SERVICE_URL");

    public static string TokenServiceName => Require("MODELCAR_TEST_TOKEN_SERVICE_NAME");

    public static string TokenIssuer => Require("MODELCAR_TEST_TOKEN_ISSUER");

    public static string TokenSigningKey => Require("MODELCAR_TEST_TOKEN_SIGNING_KEY");

    public static string TokenSigningCert => Require("MODELCAR_TEST_TOKEN_SIGNING_CERT");

    /// <summary>The TLS registry whose certificate an intermediate CA issued (eng/test-env/intermediate-ca-registry-up.sh), as a loopback address.</summary>
    public static string IntermediateCaRegistry => Require("MODELCAR_TEST_INTERMEDIATE_REGISTRY");

    /// <summary>The same registry under a non-loopback name its certificate is valid for (connect it to 127.0.0.1 yourself).</summary>
    public static string IntermediateCaTlsName => Require("MODELCAR_TEST_INTERMEDIATE_TLS_NAME");

    /// <summary>The root CA alone (PEM): the intermediate comes only from the server, as with Harbor, Artifactory or Nexus.</summary>
    public static string IntermediateCaRoot => Require("MODELCAR_TEST_INTERMEDIATE_ROOT_CA");
    /// <summary>s3rver, an S3-compatible server on loopback (eng/test-env/storage-up.sh), e.g. <c>http://127.0.0.1:4568</c>.</summary>
    public static string S3Endpoint => RequireStorage("MODELCAR_TEST_S3_ENDPOINT", "s3rver");

    /// <summary>The access key pair s3rver accepts (a fixed, public test value).</summary>
    public static (string AccessKeyId, string SecretAccessKey) S3Credentials =>
        (RequireStorage("MODELCAR_TEST_S3_ACCESS_KEY_ID", "s3rver"), RequireStorage("MODELCAR_TEST_S3_SECRET_ACCESS_KEY", "s3rver"));

    /// <summary>Azurite's blob service for its development account, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public static string AzuriteBlobEndpoint => RequireStorage("MODELCAR_TEST_AZURITE_BLOB_ENDPOINT", "Azurite");

    /// <summary>The connection string of Azurite's well-known development account (a public constant).</summary>
    public static string AzuriteConnectionString => RequireStorage("MODELCAR_TEST_AZURITE_CONNECTION_STRING", "Azurite");

    private static string RequireStorage(string variable, string server)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            Missing($"{variable} is not set: {server} is not running. Install it with 'bash eng/test-env/install.sh' and start it with 'source eng/test-env/up.sh' (eng/test.sh does both).");
        }
        return value!;
    }

    public static string Require(string variable)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            Missing($"{variable} is not set: start the test environment with 'source eng/test-env/up.sh' (eng/test.sh does this).");
        }
        return value!;
    }

    /// <summary>True on a CI runner: GitHub Actions, GitLab, Azure Pipelines' scripts and most others set <c>CI=true</c>.</summary>
    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>
    /// Something the test environment should provide (a server, a tool eng/test-env/install.sh installs, the ../shared
    /// data) is missing: Inconclusive with <paramref name="reason"/> on a developer's machine, a failure under CI=true.
    /// A reason that no environment can fix (running as root, another OS) stays Assert.Inconclusive.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string reason)
    {
        if (IsCi) Assert.Fail($"CI=true and the test environment is incomplete: {reason}");
        Assert.Inconclusive(reason);
    }
}
