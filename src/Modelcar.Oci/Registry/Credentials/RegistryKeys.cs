namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// How credential files name a registry. <c>docker login</c> writes Docker Hub as <c>https://index.docker.io/v1/</c>
/// while images say <c>docker.io</c> and the API is on <c>registry-1.docker.io</c>; other registries appear as a bare
/// host, or as a URL (<c>https://quay.io</c>, <c>http://host:5000/v2/</c>) written by older tools.
/// </summary>
public static class RegistryKeys
{
    public const string DockerHubKey = "https://index.docker.io/v1/";

    private static readonly string[] DockerHubNames = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>A key or registry name reduced to <c>host[:port]</c> in lower case, with every Docker Hub name as <c>docker.io</c>.</summary>
    public static string Normalize(string keyOrRegistry)
    {
        string text = keyOrRegistry.Trim();
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        int slash = text.IndexOf('/');
        if (slash >= 0) text = text[..slash];
        text = text.ToLowerInvariant();
        return DockerHubNames.Contains(text) ? "docker.io" : text;
    }

    public static bool Matches(string key, string registry) => Normalize(key) == Normalize(registry);

    public static bool IsDockerHub(string registry) => Normalize(registry) == "docker.io";

    /// <summary>What a credential helper is asked for: the key <c>docker login</c> stored the registry under.</summary>
    public static string HelperServerUrl(string registry) => IsDockerHub(registry) ? DockerHubKey : Normalize(registry);
}
