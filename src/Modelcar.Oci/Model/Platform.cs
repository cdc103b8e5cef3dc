using System.Text.Json.Serialization;

namespace Modelcar.Oci.Model;

/// <summary>The platform of one manifest in an index (<c>linux/amd64</c>, <c>linux/arm64/v8</c>).</summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    /// <summary>
    /// Parses <c>os/arch[/variant]</c>, or a .NET runtime identifier (<c>linux-x64</c>, <c>linux-arm64</c>)
    /// because that is how <c>ContainerRuntimeIdentifier</c> names a platform in the .NET SDK.
    /// </summary>
    public static Platform Parse(string value)
    {
        string text = value.Trim();
        string[] slash = text.Split('/');
        if (slash.Length is 2 or 3 && slash.All(p => p.Length > 0))
        {
            return new Platform { OS = slash[0], Architecture = slash[1], Variant = slash.Length == 3 ? slash[2] : null };
        }
        string[] dash = text.Split('-');
        if (dash.Length == 2)
        {
            (string? arch, string? variant) = dash[1] switch
            {
                "x64" => ("amd64", null),
                "arm64" => ("arm64", null),
                "arm" => ("arm", "v7"),
                "x86" => ("386", null),
                "s390x" => ("s390x", null),
                "ppc64le" => ("ppc64le", null),
                _ => ((string?)null, (string?)null),
            };
            if (arch is not null && dash[0] is "linux")
            {
                return new Platform { OS = "linux", Architecture = arch, Variant = variant };
            }
        }
        throw new ModelcarException(ErrorCodes.InvalidPlatform,
            $"'{value}' is not a platform. Use 'os/architecture[/variant]' such as 'linux/amd64', or a runtime identifier such as 'linux-x64'.");
    }

    /// <summary>
    /// True when a manifest for <paramref name="candidate"/> runs on this platform. A missing variant on either
    /// side matches, except that arm64 treats a missing variant as v8 as containerd does.
    /// </summary>
    public bool Matches(Platform candidate)
    {
        if (!string.Equals(OS, candidate.OS, StringComparison.Ordinal)) return false;
        if (!string.Equals(Architecture, candidate.Architecture, StringComparison.Ordinal)) return false;
        string? wanted = NormalizedVariant(Architecture, Variant);
        string? offered = NormalizedVariant(candidate.Architecture, candidate.Variant);
        if (wanted is null || offered is null) return true;
        return string.Equals(wanted, offered, StringComparison.Ordinal);
    }

    private static string? NormalizedVariant(string architecture, string? variant) =>
        variant is null && architecture == "arm64" ? "v8" : variant;
}
