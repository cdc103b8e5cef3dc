namespace Modelcar.KServe;

/// <summary>
/// Requests and limits of the model container, keyed by resource name (<c>cpu</c>, <c>memory</c>,
/// <c>nvidia.com/gpu</c>, ...) with Kubernetes quantities as the user wrote them (<c>500m</c>, <c>16Gi</c>, <c>1</c>).
/// Values stay strings so that nothing is lost in a round trip through a number.
/// </summary>
public sealed record ResourceRequirements
{
    public static readonly ResourceRequirements None = new();

    public IReadOnlyDictionary<string, string> Requests { get; init; } = EmptyMap.Instance;

    public IReadOnlyDictionary<string, string> Limits { get; init; } = EmptyMap.Instance;

    public bool IsEmpty => Requests.Count == 0 && Limits.Count == 0;
}

/// <summary>A shared empty map, so that defaults do not allocate and never are null.</summary>
internal static class EmptyMap
{
    public static readonly IReadOnlyDictionary<string, string> Instance = new Dictionary<string, string>();
}
