namespace Modelcar.EndToEnd.Tests;

/// <summary>What eng/test-env/up.sh started; a test that needs it is skipped with the reason when it is absent.</summary>
internal static class TestEnvironment
{
    public static string Registry => Require("MODELCAR_TEST_REGISTRY");
    public static string BaseImage => Require("MODELCAR_TEST_BASE_IMAGE");
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
