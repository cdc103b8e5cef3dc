namespace Modelcar.KServe;

/// <summary>
/// The values of <c>predictor.scaleMetric</c> (the CRD's enum, case-sensitive). <c>concurrency</c> and <c>rps</c> are
/// Knative's autoscaler metrics; <c>cpu</c> and <c>memory</c> drive an HPA in Standard mode.
/// </summary>
public static class ScaleMetrics
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Concurrency = "concurrency";
    public const string Rps = "rps";

    public static IReadOnlyList<string> All { get; } = [Cpu, Memory, Concurrency, Rps];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}
