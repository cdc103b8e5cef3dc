using Modelcar.Oci;
using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// The last lines of a publish: the image reference, its digest and the InferenceService file. The first line has the
/// <c>Project -> path</c> form every .NET project prints, which the terminal logger shows on the project's result line;
/// under the terminal logger the others go to the console too, since it shows no message below -v:d.
/// </summary>
public sealed class ReportPublishSummary : ModelcarTask
{
    public string ProjectName { get; set; } = "";
    public string ImageReference { get; set; } = "";
    public string ImageDigest { get; set; } = "";
    public string InferenceServicePath { get; set; } = "";
    public string ImageJsonPath { get; set; } = "";
    public string ArchivePath { get; set; } = "";

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        if (ImageReference.Length == 0) return Task.CompletedTask;
        string output = Full(InferenceServicePath) ?? Full(ArchivePath) ?? Full(ImageJsonPath) ?? "";
        var lines = new List<string> { $"{ProjectName} -> {output}", $"  image:  {ImageReference}", $"  digest: {ImageDigest}" };
        if (Full(InferenceServicePath) is { } yaml) lines.Add($"  InferenceService: {yaml}");
        if (Full(ArchivePath) is { } archive) lines.Add($"  OCI archive: {archive}");
        foreach (string line in lines) log.Info(line);
        LiveConsole.ForTerminalLogger()?.WriteLines(lines);
        return Task.CompletedTask;
    }

    private static string? Full(string path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
}
