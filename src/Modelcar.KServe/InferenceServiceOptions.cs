using Modelcar.KServe.Scheduling;
using Modelcar.Oci.Model;

namespace Modelcar.KServe;

/// <summary>
/// Everything the InferenceService manifest says, as plain data: the MSBuild task fills it from properties and
/// items, <see cref="InferenceServiceValidator"/> checks it, <see cref="InferenceServiceWriter"/> turns it into YAML.
/// Optional fields left null or empty are left out of the manifest so that KServe's and the cluster's defaults apply.
/// </summary>
public sealed record InferenceServiceOptions
{
    /// <summary><c>metadata.name</c>; see <see cref="InferenceServiceValidator.NameFromProjectName"/> for the default.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.namespace</c>; null leaves it to <c>kubectl apply -n</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>modelFormat.name</c>, matched case-sensitively against a runtime's supportedModelFormats (<c>vLLM</c>).</summary>
    public required string ModelFormat { get; init; }

    /// <summary><c>modelFormat.version</c>, a string (<c>"1"</c>); null matches any version of the format.</summary>
    public string? ModelFormatVersion { get; init; }

    /// <summary>A ServingRuntime or ClusterServingRuntime name; null lets KServe auto-select one.</summary>
    public string? Runtime { get; init; }

    /// <summary><c>v1</c>, <c>v2</c>, <c>grpc-v1</c> or <c>grpc-v2</c>; null lets the runtime choose.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>The scheme of <c>storageUri</c>: a modelcar sidecar or an image volume.</summary>
    public OciMode Mode { get; init; } = OciMode.Modelcar;

    /// <summary>The pushed image; its <see cref="ImageReference.Digest"/> must be set, the tag is kept for humans.</summary>
    public required ImageReference Image { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Instance;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyMap.Instance;

    /// <summary>
    /// Every tag the image was published under. The writer keeps a tag other than <c>latest</c> in storageUri when it
    /// can, and <see cref="InferenceServiceValidator.GetWarnings"/> warns about <c>latest</c> (see <see cref="LatestTagCheck"/>).
    /// </summary>
    public IReadOnlyList<string> PublishedTags { get; init; } = [];

    /// <summary>
    /// <c>Standard</c> or <c>Knative</c> (or their pre-v0.16 names <c>RawDeployment</c>, <c>Serverless</c>), written as the
    /// <c>serving.kserve.io/deploymentMode</c> annotation; null uses the cluster's default. See <see cref="DeploymentModes"/>.
    /// </summary>
    public string? DeploymentMode { get; init; }

    /// <summary>Extra arguments for the serving runtime (appended to the runtime's own by KServe).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<EnvironmentVariable> Env { get; init; } = [];

    public ResourceRequirements Resources { get; init; } = ResourceRequirements.None;

    public int? MinReplicas { get; init; }

    /// <summary>0 means "no upper bound" to KServe, as with Knative's max-scale.</summary>
    public int? MaxReplicas { get; init; }

    public string? ServiceAccountName { get; init; }

    /// <summary>Secrets the kubelet uses to pull the modelcar image from a private registry.</summary>
    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];

    /// <summary>
    /// <c>predictor.scaleMetric</c>: <c>cpu</c>, <c>memory</c>, <c>concurrency</c> or <c>rps</c> (see <see cref="ScaleMetrics"/>);
    /// null keeps KServe's default for the deployment mode.
    /// </summary>
    public string? ScaleMetric { get; init; }

    /// <summary><c>predictor.scaleTarget</c>: the per-replica target of the scale metric (a percentage for cpu and memory).</summary>
    public int? ScaleTarget { get; init; }

    /// <summary>
    /// When set, the image goes in the list form <c>predictor.storageUris: [{uri, mountPath}]</c> (KServe ≥ 0.20)
    /// instead of <c>model.storageUri</c>, mounted at this absolute path; null writes the classic <c>storageUri</c>.
    /// </summary>
    public string? StorageMountPath { get; init; }

    /// <summary>
    /// An explicit <c>serving.knative.dev/progress-deadline</c>; null derives it from <see cref="ImageSizeBytes"/> in
    /// Knative mode (see <see cref="ProgressDeadline.DefaultFor"/>).
    /// </summary>
    public TimeSpan? ProgressDeadline { get; init; }

    /// <summary>
    /// The image's size on the wire (layers plus config). In Knative mode it raises
    /// <c>serving.knative.dev/progress-deadline</c> for images that take longer to pull than Knative's 10 minutes.
    /// </summary>
    public long? ImageSizeBytes { get; init; }

    /// <summary><c>predictor.nodeSelector</c>, <c>tolerations</c> and <c>affinity</c>: where the model's pods may run.</summary>
    public PodScheduling Scheduling { get; init; } = PodScheduling.None;
}
