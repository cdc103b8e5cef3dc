namespace Modelcar.KServe.Llm;

/// <summary>
/// A cluster-scoped <c>serving.kserve.io/v1alpha1</c> LocalModelCache: KServe's node agent downloads the model into a
/// PVC on every node of <see cref="NodeGroups"/> ahead of time, and a workload whose model URI starts with
/// <see cref="SourceModelUri"/> is then served from that PVC instead of pulling the image at pod start.
/// </summary>
public sealed record LocalModelCacheOptions
{
    /// <summary><c>metadata.name</c>; KServe names the PVCs <c>&lt;name&gt;-&lt;node group&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Exactly the workload's model URI (KServe matches it as a prefix), digest and all.</summary>
    public required string SourceModelUri { get; init; }

    /// <summary>What the model takes on a node; KServe compares it with the node group's storage.</summary>
    public required long ModelSizeBytes { get; init; }

    /// <summary>LocalModelNodeGroup names; the first one is used when the workload names none.</summary>
    public required IReadOnlyList<string> NodeGroups { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Instance;
}
