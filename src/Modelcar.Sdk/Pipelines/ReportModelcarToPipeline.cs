using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Pipelines;

/// <summary>
/// Hands what was published to the CI system the build runs in (GitHub Actions or Azure Pipelines), so later steps
/// use the digest without parsing logs. Does nothing elsewhere. Only references, digests and paths are written:
/// never a credential.
/// </summary>
public sealed class ReportModelcarToPipeline : PublishedImageTask
{
    /// <summary><c>ModelcarUploadArtifacts</c>: upload the InferenceService as a pipeline artifact (Azure Pipelines).</summary>
    public string? UploadArtifacts { get; set; }

    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        if (ImageReference.Length == 0) return Task.CompletedTask;
        var facts = new PipelineFacts(ProjectName, ImageReference, ImageDigest, FullPathOrNull(InferenceServicePath) ?? "", FullPathOrNull(ImageJsonPath) ?? "", FullPathOrNull(ArchivePath) ?? "");
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        if (GitHubActions.IsActive(environment))
        {
            foreach (string line in GitHubActions.Write(facts, environment)) log.Detail(line);
        }
        if (AzurePipelines.IsActive(environment))
        {
            // The agent reads logging commands from the process's output, which no logger prints at -v:q or under -tl:
            // they go straight to it, once, and to the build log at low importance. If it cannot be reached (a worker
            // node whose parent is gone), they go out as high-importance messages, which -v:m and -v:n print.
            IReadOnlyList<string> commands = AzurePipelines.Commands(facts, Properties.PropertyValue.Bool(UploadArtifacts, "ModelcarUploadArtifacts"));
            Logging.BuildConsole? console = Logging.BuildConsole.Open();
            console?.WriteLines(commands);
            foreach (string line in commands)
            {
                if (console is null) log.Info(line); else log.Detail(line);
            }
        }
        return Task.CompletedTask;
    }

}
