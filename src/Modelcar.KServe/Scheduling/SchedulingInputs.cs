using System.Globalization;

namespace Modelcar.KServe.Scheduling;

/// <summary>A <c>KServeToleration</c> item as text: Include is the taint key; Operator, Value, Effect, TolerationSeconds metadata.</summary>
public sealed record TolerationInput(string Key, string? Operator, string? Value, string? Effect, string? TolerationSeconds);

/// <summary>A <c>KServeNodeAffinity</c> item as text: Include is the node label key; Operator, Values (';'-separated), Weight metadata.</summary>
public sealed record NodeAffinityInput(string Key, string? Operator, string? Values, string? Weight);

/// <summary>
/// Turns the scheduling items' text into a <see cref="PodScheduling"/>. Only what text can get wrong is checked here
/// (numbers, a key given twice); the Kubernetes rules are in <see cref="SchedulingValidator"/>.
/// </summary>
public static class SchedulingInputs
{
    public static PodScheduling Parse(IEnumerable<KeyValueInput> nodeSelector, IEnumerable<TolerationInput> tolerations, IEnumerable<NodeAffinityInput> affinity)
    {
        var scheduling = new PodScheduling
        {
            NodeSelector = ManifestInputs.Map(nodeSelector, "KServeNodeSelector"),
            Tolerations = tolerations.Select(Toleration).Distinct().ToList(),
            NodeAffinity = affinity.Select(Affinity).ToList(),
        };
        return scheduling.IsEmpty ? PodScheduling.None : scheduling;
    }

    private static Toleration Toleration(TolerationInput item)
    {
        string key = item.Key.Trim();
        string? value = Blank(item.Value);
        // Kubernetes defaults the operator to Equal; an item without a value means "this taint, whatever its value".
        string op = Blank(item.Operator) ?? (value is null ? "Exists" : "Equal");
        long? seconds = null;
        if (Blank(item.TolerationSeconds) is { } text)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            {
                throw new ModelcarException(ErrorCodes.InvalidKServeItem, $"KServeToleration '{key}' has TolerationSeconds '{text}', which is not a whole number of seconds.");
            }
            seconds = parsed;
        }
        return new Toleration(key, op, value, Blank(item.Effect), seconds);
    }

    private static NodeAffinityRule Affinity(NodeAffinityInput item)
    {
        string key = item.Key.Trim();
        var values = (item.Values ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string op = Blank(item.Operator) ?? (values.Length == 0 ? "Exists" : "In");
        int? weight = null;
        if (Blank(item.Weight) is { } text)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
            {
                throw new ModelcarException(ErrorCodes.InvalidKServeItem, $"KServeNodeAffinity '{key}' has Weight '{text}', which is not a whole number (1 to 100).");
            }
            weight = parsed;
        }
        return new NodeAffinityRule(key, op, values, weight);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
