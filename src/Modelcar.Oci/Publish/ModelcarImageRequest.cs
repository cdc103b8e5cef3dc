using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.Inherited;
using Modelcar.Oci.Build.Layers;


namespace Modelcar.Oci.Publish;

/// <summary>Everything that decides the modelcar's bytes, gathered before a byte is produced.</summary>
public sealed record ModelcarImageRequest
{
    public required BaseImage Base { get; init; }

    /// <summary>
    /// The same base for more platforms (e.g. arm64 beside amd64). With any, the modelcar is an image index with
    /// one manifest per platform, every one listing the same model layers, which move once.
    /// </summary>
    public IReadOnlyList<BaseImage> AdditionalBases { get; init; } = [];

    /// <summary><see cref="Base"/> and then <see cref="AdditionalBases"/>: one per platform the image is built for.</summary>
    public IReadOnlyList<BaseImage> AllBases => [Base, .. AdditionalBases];

    public required IReadOnlyList<PlannedLayer> Layers { get; init; }

    /// <summary>Model layers of existing modelcars (<c>oci://</c> sources), carried as they are between the base's layers and <see cref="Layers"/>.</summary>
    public IReadOnlyList<InheritedModelLayer> InheritedLayers { get; init; } = [];

    /// <summary>The config's <c>User</c>: the UID KServe runs the modelcar as (<c>uidModelcar</c>).</summary>
    public required string User { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The config's <c>Labels</c> added to the base's (ContainerLabel items), in item order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The config's <c>Env</c> entries added to the base's (ContainerEnvironmentVariable items), in item order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>The config's <c>created</c>: fixed (SOURCE_DATE_EPOCH or the Unix epoch) so rebuilds match.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// What to attach to the image as OCI 1.1 referrers, run in order after its manifest is written and before its
    /// tags are. Needs a target that stores referrers (a registry or an archive).
    /// </summary>
    public IReadOnlyList<ReferrerProducer> ReferrerProducers { get; init; } = [];

    /// <summary>How many layers move at once; the target may allow fewer.</summary>
    public int Parallelism { get; init; } = Math.Max(2, System.Environment.ProcessorCount);
}
