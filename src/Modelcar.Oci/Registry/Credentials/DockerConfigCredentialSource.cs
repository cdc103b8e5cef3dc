namespace Modelcar.Oci.Registry.Credentials;

/// <summary>What <c>docker login</c> stored: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
public static class DockerConfigCredentialSource
{
    public static ICredentialSource FromEnvironment(IModelcarLog log) => new AuthFileCredentialSource(ConfigPath(Environment.GetEnvironmentVariable), log);

    public static string ConfigPath(Func<string, string?> environment)
    {
        string? dockerConfig = environment("DOCKER_CONFIG");
        string directory = string.IsNullOrEmpty(dockerConfig)
            ? System.IO.Path.Combine(Home(environment), ".docker")
            : dockerConfig;
        return System.IO.Path.Combine(directory, "config.json");
    }

    internal static string Home(Func<string, string?> environment) =>
        environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
