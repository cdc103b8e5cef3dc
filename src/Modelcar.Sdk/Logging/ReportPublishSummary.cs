using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// The last lines of a publish: the InferenceService file, the image reference and its digest. The first line has the
/// <c>Project -> path</c> form every .NET project prints, which the terminal logger (it shows no message below -v:d)
/// puts on the project's result line: <c>iris succeeded (12.0s) → bin/Release/publish/iris.inferenceservice.yaml
/// (registry/repo:tag@sha256:…)</c>. Console loggers print every line.
/// </summary>
public sealed class ReportPublishSummary : PublishedImageTask
{
    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        if (ImageReference.Length == 0) return Task.CompletedTask;
        string output = FullPathOrNull(InferenceServicePath) ?? FullPathOrNull(ArchivePath) ?? FullPathOrNull(ImageJsonPath) ?? "";
        log.Info($"{ProjectName} -> {output} ({ImageReference})");
        log.Info($"  digest: {ImageDigest}");
        if (FullPathOrNull(ArchivePath) is { } archive && archive != output) log.Info($"  OCI archive: {archive}");
        return Task.CompletedTask;
    }
}
