namespace Modelcar.Sdk.Pipelines;

/// <summary>
/// Azure Pipelines (<c>TF_BUILD=True</c>): logging commands the agent reads from the build output —
/// <c>##vso[task.setvariable variable=ModelcarImageReference;isOutput=true]</c> (and ModelcarImageDigest,
/// ModelcarInferenceServicePath) for later jobs and stages, and, when asked, <c>##vso[artifact.upload]</c> of the
/// InferenceService so a release stage can <c>kubectl apply</c> it.
/// </summary>
public static class AzurePipelines
{
    public const string ArtifactName = "modelcar";

    public static bool IsActive(Func<string, string?> environment) =>
        string.Equals(environment("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Commands(PipelineFacts facts, bool uploadArtifacts)
    {
        var lines = new List<string>();
        SetVariable(lines, "ModelcarImageReference", facts.ImageReference);
        SetVariable(lines, "ModelcarImageDigest", facts.ImageDigest);
        SetVariable(lines, "ModelcarInferenceServicePath", facts.InferenceServicePath);
        if (uploadArtifacts && facts.InferenceServicePath.Length > 0)
        {
            lines.Add($"##vso[artifact.upload containerfolder={ArtifactName};artifactname={ArtifactName}]{Escape(facts.InferenceServicePath)}");
        }
        return lines;
    }

    private static void SetVariable(List<string> lines, string name, string value)
    {
        if (value.Length > 0) lines.Add($"##vso[task.setvariable variable={name};isOutput=true]{Escape(value)}");
    }

    // The agent's escaping for logging command data: a line break would end the command early.
    private static string Escape(string value) =>
        value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");
}
