namespace Modelcar.KServe;

/// <summary>
/// The values of the <c>serving.kserve.io/deploymentMode</c> annotation. KServe v0.16 renamed the modes
/// (<c>RawDeployment</c> → <c>Standard</c>, <c>Serverless</c> → <c>Knative</c>) and v0.20 still accepts the old names,
/// normalizing them when it picks a mode. The old name is kept when the user writes it, not translated: KServe's
/// webhook compares the annotation with <c>status.deploymentMode</c> verbatim on update, so rewriting
/// <c>Serverless</c> to <c>Knative</c> would make an existing InferenceService reject the next apply, and KServe
/// before v0.16 knows only the old names.
/// </summary>
public static class DeploymentModes
{
    public const string AnnotationKey = "serving.kserve.io/deploymentMode";

    /// <summary>Plain Deployment + Service + HPA/KEDA; the default since v0.16.</summary>
    public const string Standard = "Standard";

    /// <summary>Knative Serving: scale to zero, revisions, traffic split.</summary>
    public const string Knative = "Knative";

    /// <summary>The name of <see cref="Standard"/> before v0.16; still accepted.</summary>
    public const string LegacyRawDeployment = "RawDeployment";

    /// <summary>The name of <see cref="Knative"/> before v0.16; still accepted.</summary>
    public const string LegacyServerless = "Serverless";

    private static readonly string[] Known = [Standard, Knative, LegacyRawDeployment, LegacyServerless];

    /// <summary>
    /// Maps a user's spelling (any case) to KServe's spelling of the same word; false for anything else,
    /// including <c>ModelMesh</c>, which serves models from its own storage and never runs a modelcar.
    /// </summary>
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = Known.FirstOrDefault(k => string.Equals(k, value?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? "";
        return normalized.Length > 0;
    }

    /// <summary>True for <c>Knative</c> and its old name <c>Serverless</c>.</summary>
    public static bool IsKnative(string? value) =>
        TryNormalize(value, out var mode) && mode is Knative or LegacyServerless;

    internal static string Describe() => string.Join(", ", Known.Select(k => $"'{k}'"));
}
