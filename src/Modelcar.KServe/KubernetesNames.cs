using System.Text.RegularExpressions;

namespace Modelcar.KServe;

/// <summary>
/// The name rules of Kubernetes' apimachinery validation (<c>IsDNS1123Label</c>, <c>IsDNS1123Subdomain</c>,
/// <c>IsQualifiedName</c>, <c>IsValidLabelValue</c>), so that a manifest the API server would refuse fails the build
/// instead of the deployment. Patterns use <c>[0-9]</c>, never <c>\d</c>, which would admit non-ASCII digits.
/// </summary>
internal static partial class KubernetesNames
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    /// <summary>Namespaces: lower-case alphanumerics and '-', 63 at most.</summary>
    public static bool IsDns1123Label(string? value) =>
        value is { Length: > 0 and <= LabelMaxLength } && Dns1123Label().IsMatch(value);

    /// <summary>
    /// InferenceService names: KServe's webhook is stricter than Kubernetes and wants a letter first
    /// (<c>[a-z]([-a-z0-9]*[a-z0-9])?</c>), because the name becomes a Service and a DNS label.
    /// </summary>
    public static bool IsDns1035Label(string? value) =>
        value is { Length: > 0 and <= LabelMaxLength } && Dns1035Label().IsMatch(value);

    /// <summary>Object names such as Secrets, ServiceAccounts and ServingRuntimes.</summary>
    public static bool IsDns1123Subdomain(string? value) =>
        value is { Length: > 0 and <= SubdomainMaxLength } && Dns1123Subdomain().IsMatch(value);

    /// <summary>Label and annotation keys, and resource names: <c>[prefix/]name</c>.</summary>
    public static bool IsQualifiedName(string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        int slash = value.IndexOf('/');
        string name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0 && !IsDns1123Subdomain(value[..slash])) return false;
        return name.Length is > 0 and <= LabelMaxLength && QualifiedNamePart().IsMatch(name);
    }

    /// <summary>Label values may be empty; otherwise they follow the name part of a qualified name.</summary>
    public static bool IsValidLabelValue(string? value) =>
        value is not null && (value.Length == 0 || (value.Length <= LabelMaxLength && QualifiedNamePart().IsMatch(value)));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();
}
