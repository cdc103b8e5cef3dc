using Microsoft.Build.Framework;
using Modelcar.KServe;
using Modelcar.KServe.Llm;
using Modelcar.KServe.Scheduling;
using Modelcar.Oci.Model;

namespace Modelcar.Sdk.Tasks;

/// <summary>The KServe properties and items of a .modelproj, as a task receives them (see Sdk.targets).</summary>
public interface IKServeTaskInputs
{
    string ProjectName { get; }
    string? ImageTags { get; }
    string? ManifestLayout { get; }
    string? ManifestKind { get; }
    string? Name { get; }
    string? Namespace { get; }
    ITaskItem[]? Labels { get; }
    ITaskItem[]? Annotations { get; }
    string? ModelFormat { get; }
    string? ModelFormatVersion { get; }
    string? Runtime { get; }
    string? ProtocolVersion { get; }
    ITaskItem[]? Args { get; }
    ITaskItem[]? Env { get; }
    ITaskItem[]? Resources { get; }
    string? MinReplicas { get; }
    string? MaxReplicas { get; }
    string? Replicas { get; }
    string? ScaleMetric { get; }
    string? ScaleTarget { get; }
    string? DeploymentMode { get; }
    string? ProgressDeadline { get; }
    string? StorageMode { get; }
    string? StorageMountPath { get; }
    string? ServiceAccountName { get; }
    string? ImagePullSecrets { get; }
    string? ServingRuntimeImage { get; }
    ITaskItem[]? ServingRuntimeArgs { get; }
    string? ModelName { get; }
    string? LocalModelCache { get; }
    string? LocalModelNodeGroups { get; }
    ITaskItem[]? Tolerations { get; }
    ITaskItem[]? NodeSelector { get; }
    ITaskItem[]? NodeAffinity { get; }
}

/// <summary>What the KServe properties and items ask for: the objects to write, their layout, and the warnings to log.</summary>
public sealed record KServeRequest(KServeObjects Objects, ManifestLayout Layout, IReadOnlyList<ManifestWarning> Warnings);

/// <summary>
/// The one mapping from a project's KServe properties and items to the library's options, shared by every task that
/// needs it (writing the manifests at publish, checking them at build), so the two can never disagree. Parsing errors
/// surface here; the Kubernetes rules run when the objects are rendered (<see cref="KServeManifests.Render(KServeObjects, KServe.ManifestLayout, string)"/>).
/// </summary>
public static class KServeTaskInputs
{
    /// <param name="image">The published image (at build time: the planned reference with any digest).</param>
    /// <param name="imageSize">The image's size on the wire, when known (publish); it sets the Knative deadline and the cache size.</param>
    public static KServeRequest Build(IKServeTaskInputs t, ImageReference image, long? imageSize)
    {
        string name = string.IsNullOrWhiteSpace(t.Name) ? InferenceServiceValidator.NameFromProjectName(t.ProjectName) : t.Name.Trim();
        ManifestKind kind = ManifestKinds.Parse(t.ManifestKind);
        string? runtimeImage = NullIfEmpty(t.ServingRuntimeImage);
        if (kind == KServe.ManifestKind.LLMInferenceService && runtimeImage is not null)
        {
            throw new ModelcarException(ErrorCodes.InvalidLlmInferenceService,
                "KServeServingRuntimeImage writes a ServingRuntime, which an LLMInferenceService does not use (its containers come from LLMInferenceServiceConfig). " +
                "Remove KServeServingRuntimeImage, or set KServeManifestKind=InferenceService.");
        }
        if (kind == KServe.ManifestKind.InferenceService && (NullIfEmpty(t.Replicas) is not null || NullIfEmpty(t.ModelName) is not null))
        {
            throw new ModelcarException(ErrorCodes.InvalidLlmInferenceService,
                $"{(NullIfEmpty(t.Replicas) is not null ? "KServeReplicas" : "KServeModelName")} applies to an LLMInferenceService only. " +
                "Set KServeManifestKind=LLMInferenceService, or use KServeMinReplicas / KServeMaxReplicas for an InferenceService.");
        }
        // A custom runtime needs a name for the InferenceService to point at; derive one rather than make the user invent it.
        string? runtime = NullIfEmpty(t.Runtime) ?? (runtimeImage is null ? null : name + "-runtime");
        var labels = ManifestInputs.Map(KServeItemInputs.KeyValues(t.Labels), "KServeLabel");
        var scheduling = SchedulingInputs.Parse(
            KServeItemInputs.KeyValues(t.NodeSelector),
            (t.Tolerations ?? []).Select(i => new TolerationInput(i.ItemSpec, i.GetMetadata("Operator"), i.GetMetadata("Value"), i.GetMetadata("Effect"), i.GetMetadata("TolerationSeconds"))),
            (t.NodeAffinity ?? []).Select(i => new NodeAffinityInput(i.ItemSpec, i.GetMetadata("Operator"), i.GetMetadata("Values"), i.GetMetadata("Weight"))));

        var options = new InferenceServiceOptions
        {
            Name = name,
            Namespace = NullIfEmpty(t.Namespace),
            Labels = labels,
            Annotations = ManifestInputs.Map(KServeItemInputs.KeyValues(t.Annotations), "KServeAnnotation"),
            ModelFormat = (t.ModelFormat ?? "").Trim(),
            ModelFormatVersion = NullIfEmpty(t.ModelFormatVersion),
            Runtime = runtime,
            ProtocolVersion = NullIfEmpty(t.ProtocolVersion),
            Args = KServeItemInputs.Texts(t.Args),
            Env = ManifestInputs.Env(KServeItemInputs.KeyValues(t.Env), "KServeEnv"),
            Resources = ManifestInputs.Resources(KServeItemInputs.Resources(t.Resources), "KServeResource"),
            MinReplicas = ManifestInputs.Replicas(t.MinReplicas, "KServeMinReplicas"),
            MaxReplicas = ManifestInputs.Replicas(t.MaxReplicas, "KServeMaxReplicas"),
            ScaleMetric = NullIfEmpty(t.ScaleMetric),
            ScaleTarget = ManifestInputs.ScaleTarget(t.ScaleTarget, "KServeScaleTarget"),
            DeploymentMode = NullIfEmpty(t.DeploymentMode),
            ProgressDeadline = NullIfEmpty(t.ProgressDeadline) is { } deadline ? KServe.ProgressDeadline.Parse(deadline) : null,
            Mode = ImageSettings.ParseStorageMode(t.StorageMode),
            StorageMountPath = NullIfEmpty(t.StorageMountPath),
            Image = image,
            PublishedTags = KServeItemInputs.List(t.ImageTags),
            ServiceAccountName = NullIfEmpty(t.ServiceAccountName),
            ImagePullSecrets = KServeItemInputs.List(t.ImagePullSecrets),
            ImageSizeBytes = imageSize is > 0 ? imageSize : null,
            Scheduling = scheduling,
        };
        ServingRuntimeOptions? servingRuntime = runtimeImage is null ? null : new ServingRuntimeOptions
        {
            Name = runtime!,
            Namespace = options.Namespace,
            Image = runtimeImage,
            ModelFormat = options.ModelFormat,
            ModelFormatVersion = options.ModelFormatVersion,
            ProtocolVersion = options.ProtocolVersion,
            Args = KServeItemInputs.Texts(t.ServingRuntimeArgs),
            Labels = labels,
            Scheduling = scheduling,
        };
        LlmInferenceServiceOptions? llm = kind != KServe.ManifestKind.LLMInferenceService ? null : new LlmInferenceServiceOptions
        {
            Common = options,
            ModelName = NullIfEmpty(t.ModelName),
            Replicas = ManifestInputs.Replicas(t.Replicas, "KServeReplicas"),
        };

        var warnings = new List<ManifestWarning>();
        LocalModelCacheOptions? cache = null;
        if (IsTrue(t.LocalModelCache))
        {
            if (LocalModelCacheSupport.WhyUnsupported(kind, options.Mode) is { } why)
            {
                warnings.Add(new ManifestWarning(ErrorCodes.LocalModelCacheUnsupported, why));
            }
            else
            {
                cache = new LocalModelCacheOptions
                {
                    Name = name,
                    SourceModelUri = StorageUri.For(LatestTagCheck.PreferVersionTag(image, options.PublishedTags), options.Mode),
                    // At build time the size is not known yet; the smallest valid size stands in, since only publish writes the file.
                    ModelSizeBytes = imageSize is > 0 ? imageSize.Value : 1,
                    NodeGroups = KServeItemInputs.List(t.LocalModelNodeGroups),
                    Labels = labels,
                };
            }
        }

        // An LLMInferenceService has no model format, so the format check does not apply to it; the latest-tag one does.
        if (llm is null)
        {
            warnings.InsertRange(0, InferenceServiceValidator.GetWarnings(options));
        }
        else if (LatestTagCheck.Warning(image, options.PublishedTags) is { } latest)
        {
            warnings.Insert(0, new ManifestWarning(ErrorCodes.LatestTagPublished, latest));
        }

        var objects = new KServeObjects { InferenceService = options, ServingRuntime = servingRuntime, LlmInferenceService = llm, LocalModelCache = cache };
        return new KServeRequest(objects, ManifestInputs.Layout(t.ManifestLayout), warnings);
    }

    private static bool IsTrue(string? text) => string.Equals(text?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
