using System.Globalization;

namespace Modelcar.KServe.Scheduling;

/// <summary>
/// The API server's rules for tolerations, node selectors and node affinity (k8s.io/kubernetes pkg/apis/core/validation:
/// ValidateTolerations, ValidateNodeSelectorRequirement, ValidatePreferredSchedulingTerms), so that a manifest the cluster
/// would refuse fails the build with MODELCAR068 naming the item and the fix.
/// </summary>
public static class SchedulingValidator
{
    public static readonly IReadOnlyList<string> TolerationOperators = ["Exists", "Equal"];
    public static readonly IReadOnlyList<string> TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    public static readonly IReadOnlyList<string> AffinityOperators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

    public static void Validate(PodScheduling scheduling)
    {
        ArgumentNullException.ThrowIfNull(scheduling);
        foreach (var (key, value) in scheduling.NodeSelector)
        {
            if (!KubernetesNames.IsQualifiedName(key))
            {
                throw Invalid($"KServeNodeSelector '{key}' is not a node label key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.' (e.g. 'nvidia.com/gpu.product').");
            }
            if (!KubernetesNames.IsValidLabelValue(value))
            {
                throw Invalid($"KServeNodeSelector '{key}' has the value '{value}', which is not a label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.");
            }
        }
        foreach (var toleration in scheduling.Tolerations) ValidateToleration(toleration);
        foreach (var rule in scheduling.NodeAffinity) ValidateAffinity(rule);
    }

    private static void ValidateToleration(Toleration t)
    {
        string shown = t.Key.Length == 0 ? "(every key)" : t.Key;
        if (t.Key.Length > 0 && !KubernetesNames.IsQualifiedName(t.Key))
        {
            throw Invalid($"KServeToleration '{t.Key}' is not a taint key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.' (e.g. 'nvidia.com/gpu').");
        }
        if (!TolerationOperators.Contains(t.Operator))
        {
            throw Invalid($"KServeToleration {shown} has Operator '{t.Operator}'; use 'Exists' or 'Equal' (case-sensitive).");
        }
        if (t.Key.Length == 0 && t.Operator != "Exists")
        {
            throw Invalid("A KServeToleration with an empty key must use Operator=\"Exists\" (it then tolerates every taint).");
        }
        if (t.Operator == "Exists" && !string.IsNullOrEmpty(t.Value))
        {
            throw Invalid($"KServeToleration {shown} has Operator=\"Exists\" and Value '{t.Value}'; Exists matches any value, so remove Value or use Operator=\"Equal\".");
        }
        if (t.Operator == "Equal" && !KubernetesNames.IsValidLabelValue(t.Value ?? ""))
        {
            throw Invalid($"KServeToleration {shown} has the value '{t.Value}', which is not a label value: at most 63 letters, digits, '-', '_' and '.'.");
        }
        if (t.Effect is { } effect && !TaintEffects.Contains(effect))
        {
            throw Invalid($"KServeToleration {shown} has Effect '{effect}'; use 'NoSchedule', 'PreferNoSchedule' or 'NoExecute' (case-sensitive), or leave it out to match every effect.");
        }
        if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
        {
            throw Invalid($"KServeToleration {shown} sets TolerationSeconds, which Kubernetes only accepts with Effect=\"NoExecute\".");
        }
    }

    private static void ValidateAffinity(NodeAffinityRule rule)
    {
        if (!KubernetesNames.IsQualifiedName(rule.Key))
        {
            throw Invalid($"KServeNodeAffinity '{rule.Key}' is not a node label key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.'.");
        }
        if (!AffinityOperators.Contains(rule.Operator))
        {
            throw Invalid($"KServeNodeAffinity '{rule.Key}' has Operator '{rule.Operator}'; use one of {string.Join(", ", AffinityOperators.Select(o => $"'{o}'"))} (case-sensitive).");
        }
        switch (rule.Operator)
        {
            case "In" or "NotIn" when rule.Values.Count == 0:
                throw Invalid($"KServeNodeAffinity '{rule.Key}' with Operator=\"{rule.Operator}\" needs Values (';'-separated), e.g. Values=\"NVIDIA-A100-SXM4-80GB;NVIDIA-H100-80GB-HBM3\".");
            case "Exists" or "DoesNotExist" when rule.Values.Count > 0:
                throw Invalid($"KServeNodeAffinity '{rule.Key}' with Operator=\"{rule.Operator}\" takes no Values; remove them.");
            case "Gt" or "Lt" when rule.Values.Count != 1 || !long.TryParse(rule.Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                throw Invalid($"KServeNodeAffinity '{rule.Key}' with Operator=\"{rule.Operator}\" needs exactly one whole number in Values, e.g. Values=\"40\".");
        }
        foreach (string value in rule.Values)
        {
            if (!KubernetesNames.IsValidLabelValue(value))
            {
                throw Invalid($"KServeNodeAffinity '{rule.Key}' has the value '{value}', which is not a label value: at most 63 letters, digits, '-', '_' and '.'.");
            }
        }
        if (rule.Weight is { } weight && weight is < 1 or > 100)
        {
            throw Invalid($"KServeNodeAffinity '{rule.Key}' has Weight {weight}; a preference's weight is 1 to 100 (leave Weight out to make the rule required).");
        }
    }

    private static ModelcarException Invalid(string message) => new(ErrorCodes.InvalidKServeItem, message);
}
