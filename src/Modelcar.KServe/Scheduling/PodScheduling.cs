namespace Modelcar.KServe.Scheduling;

/// <summary>
/// Where the model's pods may run: the node selector, tolerations and node affinity that GPU clusters need (GPU nodes
/// are usually tainted and labelled). The same values go on the InferenceService's predictor, on a generated
/// ServingRuntime and on an LLMInferenceService's pod template, so that no kustomize patch is needed for them.
/// </summary>
public sealed record PodScheduling
{
    public static readonly PodScheduling None = new();

    /// <summary><c>nodeSelector</c>: node label key to the value it must have.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = EmptyMap.Instance;

    public IReadOnlyList<Toleration> Tolerations { get; init; } = [];

    /// <summary>
    /// Node affinity terms: the required ones are ANDed into one <c>nodeSelectorTerms</c> entry; each preferred one
    /// becomes a <c>preferredDuringSchedulingIgnoredDuringExecution</c> entry with its weight.
    /// </summary>
    public IReadOnlyList<NodeAffinityRule> NodeAffinity { get; init; } = [];

    public bool IsEmpty => NodeSelector.Count == 0 && Tolerations.Count == 0 && NodeAffinity.Count == 0;
}

/// <summary>
/// One Kubernetes toleration. <see cref="Key"/> empty with <c>Exists</c> tolerates every taint; <see cref="Effect"/> null
/// matches every effect; <see cref="TolerationSeconds"/> only goes with <c>NoExecute</c>.
/// </summary>
public sealed record Toleration(string Key, string Operator, string? Value, string? Effect, long? TolerationSeconds);

/// <summary>
/// One node-affinity match expression (<c>key operator values</c>). <see cref="Weight"/> null makes it required;
/// 1-100 makes it a preference of that weight.
/// </summary>
public sealed record NodeAffinityRule(string Key, string Operator, IReadOnlyList<string> Values, int? Weight);
