namespace Modelcar.Testing;

/// <summary>
/// A test that needs something this machine may not allow (root for mount or mknod): Inconclusive with the reason
/// locally, but a failure under CI=true, where a missing environment must not pass as green.
/// </summary>
public static class MissingFacility
{
    public static void Report(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason);
        Assert.Inconclusive(reason);
    }
}
