using Modelcar.KServe.Yaml;

namespace Modelcar.KServe.Scheduling;

/// <summary>Writes <see cref="PodScheduling"/> as the PodSpec fields it stands for, in the order kubectl prints them.</summary>
internal static class SchedulingYaml
{
    public static YamlMap AddTo(YamlMap podSpec, PodScheduling scheduling)
    {
        if (scheduling.IsEmpty) return podSpec;
        var tolerations = new YamlSeq();
        foreach (var t in scheduling.Tolerations)
        {
            tolerations.Add(new YamlMap()
                .AddIfPresent("key", t.Key.Length == 0 ? null : t.Key)
                .Add("operator", t.Operator)
                .AddIfPresent("value", string.IsNullOrEmpty(t.Value) ? null : t.Value)
                .AddIfPresent("effect", t.Effect)
                .AddIfPresent("tolerationSeconds", t.TolerationSeconds));
        }
        return podSpec
            .AddIfPresent("nodeSelector", YamlMap.Sorted(scheduling.NodeSelector))
            .AddIfPresent("tolerations", tolerations)
            .AddIfPresent("affinity", Affinity(scheduling.NodeAffinity));
    }

    private static YamlMap Affinity(IReadOnlyList<NodeAffinityRule> rules)
    {
        var required = new YamlSeq();
        foreach (var rule in rules.Where(r => r.Weight is null)) required.Add(Expression(rule));
        var preferred = new YamlSeq();
        foreach (var rule in rules.Where(r => r.Weight is not null))
        {
            preferred.Add(new YamlMap()
                .Add("weight", rule.Weight!.Value)
                .Add("preference", new YamlMap().Add("matchExpressions", new YamlSeq().Add(Expression(rule)))));
        }
        var nodeAffinity = new YamlMap()
            .AddIfPresent("requiredDuringSchedulingIgnoredDuringExecution", required.Items.Count == 0 ? null :
                new YamlMap().Add("nodeSelectorTerms", new YamlSeq().Add(new YamlMap().Add("matchExpressions", required))))
            .AddIfPresent("preferredDuringSchedulingIgnoredDuringExecution", preferred);
        return new YamlMap().AddIfPresent("nodeAffinity", nodeAffinity);
    }

    private static YamlMap Expression(NodeAffinityRule rule)
    {
        var values = new YamlSeq();
        foreach (string value in rule.Values) values.Add(value);
        return new YamlMap().Add("key", rule.Key).Add("operator", rule.Operator).AddIfPresent("values", values);
    }
}
