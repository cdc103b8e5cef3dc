namespace Modelcar.Attestations;

/// <summary>
/// Who ran the build, as SLSA's <c>runDetails.builder.id</c> names it: the GitHub Actions workflow at its ref, the
/// Azure Pipelines definition, or a fixed id for a build on someone's machine (which attests nothing about it).
/// </summary>
/// <param name="Id">A URI naming the builder.</param>
/// <param name="InvocationId">This run, where the CI has one (a link to the workflow run or the pipeline build); else null.</param>
public sealed record BuilderIdentity(string Id, string? InvocationId)
{
    /// <summary>A build outside any CI this SDK knows.</summary>
    public const string LocalBuilderId = "https://github.com/modelcar-sdk/Modelcar.Sdk/builders/local@v1";

    public static BuilderIdentity FromEnvironment(Func<string, string?> environment)
    {
        string? Get(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;

        // GITHUB_WORKFLOW_REF is owner/repo/.github/workflows/file.yml@refs/heads/main: the workflow that ran, at its ref.
        if (Get("GITHUB_ACTIONS") == "true" && Get("GITHUB_WORKFLOW_REF") is { } workflowRef)
        {
            string server = Get("GITHUB_SERVER_URL") ?? "https://github.com";
            string? run = Get("GITHUB_REPOSITORY") is { } repository && Get("GITHUB_RUN_ID") is { } runId
                ? $"{server}/{repository}/actions/runs/{runId}/attempts/{Get("GITHUB_RUN_ATTEMPT") ?? "1"}"
                : null;
            return new BuilderIdentity($"{server}/{workflowRef}", run);
        }
        // SYSTEM_COLLECTIONURI ends with '/': https://dev.azure.com/org/
        if (Get("TF_BUILD") is { } tf && tf.Equals("true", StringComparison.OrdinalIgnoreCase)
            && Get("SYSTEM_COLLECTIONURI") is { } collection && Get("SYSTEM_TEAMPROJECT") is { } project && Get("SYSTEM_DEFINITIONID") is { } definition)
        {
            string baseUri = $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build";
            string? build = Get("BUILD_BUILDID") is { } buildId ? $"{baseUri}/results?buildId={buildId}" : null;
            return new BuilderIdentity($"{baseUri}?definitionId={definition}", build);
        }
        return new BuilderIdentity(LocalBuilderId, null);
    }
}
