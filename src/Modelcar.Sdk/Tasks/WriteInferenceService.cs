using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Modelcar.KServe;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Writes <c>&lt;name&gt;.inferenceservice.yaml</c>: a KServe InferenceService whose storageUri names the
/// image just published by digest, checked against KServe's rules before it is written; with a custom runtime image,
/// its ServingRuntime too; in the Kustomize layout, one file per object and a kustomization.yaml.
/// </summary>
public sealed class WriteInferenceService : ModelcarTask, IKServeTaskInputs
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
    public string? ManifestKind { get; set; }
    public string? Replicas { get; set; }
    public string? ModelName { get; set; }
    public string? LocalModelCache { get; set; }
    public string? LocalModelNodeGroups { get; set; }
    public ITaskItem[]? Tolerations { get; set; }
    public ITaskItem[]? NodeSelector { get; set; }
    public ITaskItem[]? NodeAffinity { get; set; }

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

    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        var request = KServeTaskInputs.Build(this, Oci.Model.ImageReference.Parse(ImageReference), ImageSize > 0 ? ImageSize : null);
        ManifestLayout layout = request.Layout;

        string singlePath = Path.GetFullPath(OutputPath);
        string directory = layout == KServe.ManifestLayout.Single
            ? Path.GetDirectoryName(singlePath)!
            : Path.GetFullPath(string.IsNullOrWhiteSpace(KustomizeDirectory) ? Path.Combine(Path.GetDirectoryName(singlePath)!, "kustomize") : KustomizeDirectory);
        var files = KServeManifests.Render(request.Objects, layout, Path.GetFileName(singlePath));
        if (Properties.PropertyValue.Bool(CheckOnly, nameof(CheckOnly)))
        {
            log.Detail($"KServe objects for '{request.Objects.InferenceService.Name}' checked: {files.Count} file(s) would be written");
            return Task.CompletedTask;
        }
        foreach (var warning in request.Warnings)
        {
            log.Warning(warning.Code, warning.Message);
        }

        Directory.CreateDirectory(directory);
        var written = new List<ITaskItem>();
        foreach (var file in files)
        {
            string path = Path.Combine(directory, file.FileName);
            File.WriteAllText(path, file.Content);
            written.Add(new TaskItem(path, new Dictionary<string, string> { ["Kind"] = file.Kind }));
            if (file.Kind is KServe.InferenceServiceWriter.Kind or KServe.Llm.LlmInferenceServiceWriter.Kind) WrittenFile = path;
        }
        WrittenFiles = written.ToArray();
        var objects = request.Objects;
        string workload = objects.LlmInferenceService is null ? $"InferenceService '{objects.InferenceService.Name}'" : $"LLMInferenceService '{objects.InferenceService.Name}'";
        string extras = (objects.ServingRuntime is null ? "" : $", ServingRuntime '{objects.ServingRuntime.Name}'") +
                        (objects.LocalModelCache is null ? "" : $", LocalModelCache '{objects.LocalModelCache.Name}'");
        log.Info($"{workload}{extras} written to {(layout == KServe.ManifestLayout.Single ? WrittenFile : directory)}");
        return Task.CompletedTask;
    }
}
