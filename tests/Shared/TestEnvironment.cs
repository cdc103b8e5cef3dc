namespace Modelcar.Testing;

/// <summary>
/// What eng/test-env/up.sh started for the tests (linked into every test project). A test that needs a server it did not start reports
/// itself inconclusive (skipped) with the reason, never passes silently.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>The loopback registry (a real docker-registry), e.g. <c>127.0.0.1:5000</c>.</summary>
    public static string Registry => Require("MODELCAR_TEST_REGISTRY");

    /// <summary>A busybox base image assembled with umoci and pushed to <see cref="Registry"/>.</summary>
    public static string BaseImage => Require("MODELCAR_TEST_BASE_IMAGE");

    /// <summary>The same base with an ENTRYPOINT, which a modelcar must clear.</summary>
    public static string BaseImageWithEntrypoint => Require("MODELCAR_TEST_BASE_IMAGE_ENTRYPOINT");

    public static string Require(string variable)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            Assert.Inconclusive($"{variable} is not set: start the test environment with 'source eng/test-env/up.sh' (eng/test.sh does this).");
        }
        return value!;
    }
}
