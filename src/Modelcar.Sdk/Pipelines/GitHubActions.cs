using System.Text;

namespace Modelcar.Sdk.Pipelines;

/// <summary>
/// GitHub Actions (<c>GITHUB_ACTIONS=true</c>): step outputs appended to the file <c>$GITHUB_OUTPUT</c> names
/// (<c>image</c>, <c>digest</c>, <c>inference-service</c>, <c>archive</c>), so a later step reads
/// <c>steps.&lt;id&gt;.outputs.digest</c>, and a short markdown table appended to <c>$GITHUB_STEP_SUMMARY</c>.
/// </summary>
public static class GitHubActions
{
    public static bool IsActive(Func<string, string?> environment) =>
        string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends to the files the runner named; returns a line per file written, for the build log.</summary>
    public static IReadOnlyList<string> Write(PipelineFacts facts, Func<string, string?> environment)
    {
        var written = new List<string>();
        if (environment("GITHUB_OUTPUT") is { Length: > 0 } outputFile)
        {
            var outputs = new StringBuilder();
            Append(outputs, "image", facts.ImageReference);
            Append(outputs, "digest", facts.ImageDigest);
            Append(outputs, "inference-service", facts.InferenceServicePath);
            Append(outputs, "archive", facts.ArchivePath);
            File.AppendAllText(outputFile, outputs.ToString());
            written.Add($"Wrote the step outputs image, digest{(facts.InferenceServicePath.Length > 0 ? ", inference-service" : "")} to $GITHUB_OUTPUT.");
        }
        if (environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryFile)
        {
            File.AppendAllText(summaryFile, Summary(facts));
            written.Add("Wrote the image summary to $GITHUB_STEP_SUMMARY.");
        }
        return written;
    }

    internal static string Summary(PipelineFacts facts)
    {
        var text = new StringBuilder();
        text.Append("### Modelcar `").Append(facts.ProjectName).Append("`\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append("| Image | `").Append(facts.ImageReference).Append("` |\n");
        text.Append("| Digest | `").Append(facts.ImageDigest).Append("` |\n");
        if (facts.InferenceServicePath.Length > 0) text.Append("| InferenceService | `").Append(Path.GetFileName(facts.InferenceServicePath)).Append("` |\n");
        if (facts.ArchivePath.Length > 0) text.Append("| OCI archive | `").Append(Path.GetFileName(facts.ArchivePath)).Append("` |\n");
        return text.Append('\n').ToString();
    }

    // Values are single-line (references, digests, paths), so the simple name=value form is safe; an empty value is skipped.
    private static void Append(StringBuilder outputs, string name, string value)
    {
        if (value.Length == 0) return;
        if (value.Contains('\n') || value.Contains('\r')) throw new ArgumentException($"The {name} output must be one line.", nameof(value));
        outputs.Append(name).Append('=').Append(value).Append('\n');
    }
}
