using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Modelcar.KServe;
using Modelcar.Oci;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Writes <c>&lt;name&gt;.inferenceservice.yaml</c>: a KServe InferenceService whose storageUri names the
/// image just published by digest, checked against KServe's rules before it is written; with a custom runtime image,
/// its ServingRuntime too; in the Kustomize layout, one file per object and a kustomization.yaml.
/// </summary>
public sealed class WriteInferenceService : ModelcarTask
{
    /// <summary>The published image, <c>registry/repo:tag@sha256:…</c>.</summary>
    [Required]
    public string ImageReference { get; set; } = "";

    /// <summary>Every tag the image was published under (';'-separated), for the <c>latest</c> check.</summary>
    public string? ImageTags { get; set; }

    /// <summary>The file for the Single layout.</summary>
    [Required]
    public string OutputPath { get; set; } = "";

    /// <summary>The folder for the Kustomize layout.</summary>
    public string? KustomizeDirectory { get; set; }

    public string? ManifestLayout { get; set; }

    [Required]
    public string ProjectName { get; set; } = "";

    public string? Name { get; set; }
    public string? Namespace { get; set; }
    public ITaskItem[]? Labels { get; set; }
    public ITaskItem[]? Annotations { get; set; }
    public string? ModelFormat { get; set; }
    public string? ModelFormatVersion { get; set; }
    public string? Runtime { get; set; }
    public string? ProtocolVersion { get; set; }
    public ITaskItem[]? Args { get; set; }
    public ITaskItem[]? Env { get; set; }
    public ITaskItem[]? Resources { get; set; }
    public string? MinReplicas { get; set; }
    public string? MaxReplicas { get; set; }
    public string? ScaleMetric { get; set; }
    public string? ScaleTarget { get; set; }
    public string? DeploymentMode { get; set; }
    public string? ProgressDeadline { get; set; }
    public string? StorageMode { get; set; }
    public string? StorageMountPath { get; set; }
    public string? ServiceAccountName { get; set; }
    public string? ImagePullSecrets { get; set; }
    public string? ServingRuntimeImage { get; set; }
    public ITaskItem[]? ServingRuntimeArgs { get; set; }
    public long ImageSize { get; set; }

    /// <summary>
    /// <c>true</c> before anything is published (Modelcar.Validation.targets): render with the placeholder image and
    /// validate as for the real thing, but write nothing and warn about nothing (the real write warns).
    /// </summary>
    public string? CheckOnly { get; set; }

    /// <summary>The InferenceService file (in either layout).</summary>
    [Output]
    public string WrittenFile { get; private set; } = "";

    /// <summary>Every file written, with <c>Kind</c> metadata (InferenceService, ServingRuntime, Kustomization).</summary>
    [Output]
    public ITaskItem[] WrittenFiles { get; private set; } = [];

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        string name = string.IsNullOrWhiteSpace(Name) ? InferenceServiceValidator.NameFromProjectName(ProjectName) : Name.Trim();
        string? runtimeImage = NullIfEmpty(ServingRuntimeImage);
        // A custom runtime needs a name for the InferenceService to point at; derive one rather than make the user invent it.
        string? runtime = NullIfEmpty(Runtime) ?? (runtimeImage is null ? null : name + "-runtime");
        var labels = ManifestInputs.Map(KServeItemInputs.KeyValues(Labels), "KServeLabel");

        var options = new InferenceServiceOptions
        {
            Name = name,
            Namespace = NullIfEmpty(Namespace),
            Labels = labels,
            Annotations = ManifestInputs.Map(KServeItemInputs.KeyValues(Annotations), "KServeAnnotation"),
            ModelFormat = (ModelFormat ?? "").Trim(),
            ModelFormatVersion = NullIfEmpty(ModelFormatVersion),
            Runtime = runtime,
            ProtocolVersion = NullIfEmpty(ProtocolVersion),
            Args = KServeItemInputs.Texts(Args),
            Env = ManifestInputs.Env(KServeItemInputs.KeyValues(Env), "KServeEnv"),
            Resources = ManifestInputs.Resources(KServeItemInputs.Resources(Resources), "KServeResource"),
            MinReplicas = ManifestInputs.Replicas(MinReplicas, "KServeMinReplicas"),
            MaxReplicas = ManifestInputs.Replicas(MaxReplicas, "KServeMaxReplicas"),
            ScaleMetric = NullIfEmpty(ScaleMetric),
            ScaleTarget = ManifestInputs.ScaleTarget(ScaleTarget, "KServeScaleTarget"),
            DeploymentMode = NullIfEmpty(DeploymentMode),
            ProgressDeadline = NullIfEmpty(ProgressDeadline) is { } deadline ? KServe.ProgressDeadline.Parse(deadline) : null,
            Mode = ImageSettings.ParseStorageMode(StorageMode),
            StorageMountPath = NullIfEmpty(StorageMountPath),
            Image = Oci.Model.ImageReference.Parse(ImageReference),
            PublishedTags = KServeItemInputs.List(ImageTags),
            ServiceAccountName = NullIfEmpty(ServiceAccountName),
            ImagePullSecrets = KServeItemInputs.List(ImagePullSecrets),
            ImageSizeBytes = ImageSize > 0 ? ImageSize : null,
        };
        ServingRuntimeOptions? servingRuntime = runtimeImage is null ? null : new ServingRuntimeOptions
        {
            Name = runtime!,
            Namespace = options.Namespace,
            Image = runtimeImage,
            ModelFormat = options.ModelFormat,
            ModelFormatVersion = options.ModelFormatVersion,
            ProtocolVersion = options.ProtocolVersion,
            Args = KServeItemInputs.Texts(ServingRuntimeArgs),
            Labels = labels,
        };
        ManifestLayout layout = ManifestInputs.Layout(ManifestLayout);

        string singlePath = Path.GetFullPath(OutputPath);
        string directory = layout == KServe.ManifestLayout.Single
            ? Path.GetDirectoryName(singlePath)!
            : Path.GetFullPath(string.IsNullOrWhiteSpace(KustomizeDirectory) ? Path.Combine(Path.GetDirectoryName(singlePath)!, "kustomize") : KustomizeDirectory);
        var files = KServeManifests.Render(options, servingRuntime, layout, Path.GetFileName(singlePath));
        if (Properties.PropertyValue.Bool(CheckOnly, nameof(CheckOnly)))
        {
            log.Detail($"InferenceService '{options.Name}' checked: {files.Count} file(s) would be written");
            return Task.CompletedTask;
        }
        foreach (var warning in InferenceServiceValidator.GetWarnings(options))
        {
            log.Warning(warning.Code, warning.Message);
        }

        Directory.CreateDirectory(directory);
        var written = new List<ITaskItem>();
        foreach (var file in files)
        {
            string path = Path.Combine(directory, file.FileName);
            File.WriteAllText(path, file.Content);
            string kind = file.FileName switch
            {
                KServeManifests.ServingRuntimeFile => "ServingRuntime",
                KServeManifests.KustomizationFile => "Kustomization",
                _ => "InferenceService",
            };
            written.Add(new TaskItem(path, new Dictionary<string, string> { ["Kind"] = kind }));
            if (file.FileName == KServeManifests.InferenceServiceFile || layout == KServe.ManifestLayout.Single) WrittenFile = path;
        }
        WrittenFiles = written.ToArray();
        log.Info($"InferenceService '{options.Name}'{(servingRuntime is null ? "" : $" and ServingRuntime '{servingRuntime.Name}'")} written to {(layout == KServe.ManifestLayout.Single ? WrittenFile : directory)}");
        return Task.CompletedTask;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
