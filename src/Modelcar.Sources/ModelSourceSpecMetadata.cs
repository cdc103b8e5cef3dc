namespace Modelcar.Sources;

/// <summary>Reads a <c>ModelSource</c> item's metadata by name, ignoring case as MSBuild does.</summary>
public static class ModelSourceSpecMetadata
{
    public static string? Get(this ModelSourceSpec spec, string name)
    {
        foreach ((string key, string value) in spec.Metadata)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        return null;
    }

    public static bool IsTrue(this ModelSourceSpec spec, string name) => string.Equals(spec.Get(name), "true", StringComparison.OrdinalIgnoreCase);
}
