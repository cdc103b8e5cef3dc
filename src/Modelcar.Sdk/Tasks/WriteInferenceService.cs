using Microsoft.Build.Framework;
using Modelcar.KServe;
using Modelcar.Oci;
using Modelcar.Oci.Model;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Writes <c>&lt;name&gt;.inferenceservice.yaml</c>: a KServe InferenceService whose storageUri names the
/// image just published by digest, checked against KServe's rules before it is written.
/// </summary>
public sealed class WriteInferenceService : ModelcarTask
{
    /// <summary>The published image, <c>registry/repo:tag@sha256:…</c>.</summary>
    [Required]
    public string ImageReference { get; set; } = "";

    [Required]
    public string OutputPath { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    public string? Name { get; set; }
    public string? Namespace { get; set; }
    public string? ModelFormat { get; set; }
    public string? ModelFormatVersion { get; set; }
    public string? Runtime { get; set; }
    public string? ProtocolVersion { get; set; }
    public string? DeploymentMode { get; set; }
    public string? StorageMode { get; set; }
    public string? ServiceAccountName { get; set; }
    public string? ImagePullSecrets { get; set; }
    public long ImageSize { get; set; }

    [Output]
    public string WrittenFile { get; private set; } = "";

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        var options = new InferenceServiceOptions
        {
            Name = string.IsNullOrWhiteSpace(Name) ? InferenceServiceValidator.NameFromProjectName(ProjectName) : Name.Trim(),
            Namespace = NullIfEmpty(Namespace),
            ModelFormat = (ModelFormat ?? "").Trim(),
            ModelFormatVersion = NullIfEmpty(ModelFormatVersion),
            Runtime = NullIfEmpty(Runtime),
            ProtocolVersion = NullIfEmpty(ProtocolVersion),
            DeploymentMode = NullIfEmpty(DeploymentMode),
            Mode = ParseMode(StorageMode),
            Image = Oci.Model.ImageReference.Parse(ImageReference),
            ServiceAccountName = NullIfEmpty(ServiceAccountName),
            ImagePullSecrets = (ImagePullSecrets ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ImageSizeBytes = ImageSize > 0 ? ImageSize : null,
        };
        InferenceServiceValidator.Validate(options);
        foreach (string warning in InferenceServiceValidator.GetWarnings(options))
        {
            log.Warning(ErrorCodes.ModelFormatMismatch, warning);
        }

        string path = Path.GetFullPath(OutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, InferenceServiceWriter.Write(options));
        WrittenFile = path;
        log.Info($"InferenceService '{options.Name}' written to {path}");
        return Task.CompletedTask;
    }

    private static OciMode ParseMode(string? mode) => (mode ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "oci" or "modelcar" => OciMode.Modelcar,
        "oci+native" or "native" => OciMode.Native,
        _ => throw new ModelcarException(ErrorCodes.InvalidInferenceService,
            $"KServeStorageMode '{mode}' is not a storage mode. Use 'oci' (a modelcar sidecar, the default) or 'oci+native' (a KServe 0.20+ image volume)."),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
