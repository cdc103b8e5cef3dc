using Modelcar.Oci;
using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Pipelines;

/// <summary>
/// Hands what was published to the CI system the build runs in (GitHub Actions or Azure Pipelines), so later steps
/// use the digest without parsing logs. Does nothing elsewhere. Only references, digests and paths are written:
/// never a credential.
/// </summary>
public sealed class ReportModelcarToPipeline : ModelcarTask
{
    public string ProjectName { get; set; } = "";
    public string ImageReference { get; set; } = "";
    public string ImageDigest { get; set; } = "";
    public string InferenceServicePath { get; set; } = "";
    public string ImageJsonPath { get; set; } = "";
    public string ArchivePath { get; set; } = "";

    /// <summary><c>ModelcarUploadArtifacts</c>: upload the InferenceService as a pipeline artifact (Azure Pipelines).</summary>
    public string? UploadArtifacts { get; set; }

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        if (ImageReference.Length == 0) return Task.CompletedTask;
        var facts = new PipelineFacts(ProjectName, ImageReference, ImageDigest, Full(InferenceServicePath), Full(ImageJsonPath), Full(ArchivePath));
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        if (GitHubActions.IsActive(environment))
        {
            foreach (string line in GitHubActions.Write(facts, environment)) log.Detail(line);
        }
        if (AzurePipelines.IsActive(environment))
        {
            // The agent reads logging commands from the output, so they go out at the importance the console shows.
            foreach (string line in AzurePipelines.Commands(facts, Properties.PropertyValue.Bool(UploadArtifacts, "ModelcarUploadArtifacts"))) log.Info(line);
        }
        return Task.CompletedTask;
    }

    private static string Full(string path) => string.IsNullOrWhiteSpace(path) ? "" : Path.GetFullPath(path);
}
