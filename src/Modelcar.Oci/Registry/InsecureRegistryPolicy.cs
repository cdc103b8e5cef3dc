using System.Net;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Decides which registries may be reached over plain http or with an untrusted certificate. The names and the
/// environment variable are the .NET SDK's, so a user who set them for <c>dotnet publish /t:PublishContainer</c>
/// gets the same behaviour here.
/// </summary>
public static class InsecureRegistryPolicy
{
    public const string EnvironmentVariable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    public static IReadOnlyCollection<string> FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Splits a comma or semicolon separated list, the way the .NET SDK reads the variable.</summary>
    public static IReadOnlyCollection<string> Parse(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Normalize)
                .Where(e => e.Length > 0)
                .ToArray();

    /// <summary>
    /// Loopback is always allowed (any port) because a registry on this machine is a developer's or CI's own and
    /// nothing crosses a network. Any other registry must be listed, either as <c>host:port</c> or as a bare host,
    /// which then covers every port of that host.
    /// </summary>
    public static bool IsInsecureAllowed(string registry, IReadOnlyCollection<string> insecure)
    {
        string normalized = Normalize(registry);
        string host = HostOf(normalized);
        if (IsLoopback(host)) return true;
        foreach (string entry in insecure)
        {
            string candidate = Normalize(entry);
            if (string.Equals(candidate, normalized, StringComparison.OrdinalIgnoreCase)) return true;
            if (HostOf(candidate) == candidate && string.Equals(candidate, host, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>The host without its port; IPv6 literals keep their brackets.</summary>
    internal static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            int close = registry.IndexOf(']');
            return close < 0 ? registry : registry[..(close + 1)];
        }
        int colon = registry.LastIndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }

    private static bool IsLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    // Users paste URLs into the variable; tolerate a scheme and a trailing slash rather than silently ignore the entry.
    private static string Normalize(string entry)
    {
        string text = entry.Trim();
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        return text.TrimEnd('/');
    }
}
