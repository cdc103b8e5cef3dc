using System.Text.RegularExpressions;

namespace Modelcar.Sdk.Properties;

/// <summary>
/// The properties and item types a <c>.modelproj</c> can set for the SDK: the list a misspelled name in a project
/// file is compared with (<see cref="NameSuggestions"/>), and the names an error message is searched for to find the
/// element it is about (<see cref="Diagnostics.DiagnosticLocation"/>). README's property tables document the same names.
/// </summary>
public static partial class KnownNames
{
    /// <summary>The SDK's own properties: a project property a typo away from one of these gets MODELCAR052.</summary>
    public static IReadOnlyList<string> Properties { get; } =
    [
        // The image (names as in the .NET SDK's container publishing).
        "ContainerRegistry", "ContainerRepository", "ContainerImageTag", "ContainerImageTags", "ContainerImageTagsIncludeShortVersions",
        "ContainerBaseImage", "ContainerRuntimeIdentifier", "ContainerRuntimeIdentifiers", "ContainerUser", "ContainerMaxLayerSize",
        "ContainerArchiveOutputPath",
        // How it is built and published.
        "ModelcarName", "ModelcarLargeFileThreshold", "ModelcarSmallFileCompression", "ModelcarParallelism", "ModelcarAllowLinksOutOfProject",
        "ModelcarSourceCache", "ModelcarStreamSources", "ModelcarSourceParallelism", "ModelcarPlanFile", "ModelcarDigestCachePath",
        "ModelcarUseDigestCache", "ModelcarSkipBaseImageCheck", "ModelcarBaseImageCheckCachePath", "ModelcarRegistryRetries",
        "ModelcarRegistryRetryTimeout", "ModelcarRegistryNoProgressTimeout", "ModelcarImageJsonPath", "ModelcarRegistryCaBundle",
        "ModelcarReportToPipeline", "ModelcarUploadArtifacts",
        // The KServe manifest.
        "GenerateKServeManifest", "KServeManifestPath", "KServeManifestLayout", "KServeKustomizeDirectory", "KServeName", "KServeNamespace",
        "KServeModelFormat", "KServeModelFormatVersion", "KServeRuntime", "KServeProtocolVersion", "KServeMinReplicas", "KServeMaxReplicas",
        "KServeScaleMetric", "KServeScaleTarget", "KServeDeploymentMode", "KServeProgressDeadline", "KServeStorageMode",
        "KServeStorageMountPath", "KServeServiceAccountName", "KServeImagePullSecrets", "KServeServingRuntimeImage",
        // Hooks.
        "CustomBeforeModelcarSdkProps", "CustomAfterModelcarSdkProps", "CustomBeforeModelcarSdkTargets", "CustomAfterModelcarSdkTargets",
    ];

    /// <summary>The SDK's own item types: a project item a typo away from one of these gets MODELCAR053.</summary>
    public static IReadOnlyList<string> Items { get; } =
    [
        "ModelFile", "ModelSource",
        "KServeLabel", "KServeAnnotation", "KServeEnv", "KServeArg", "KServeResource", "KServeServingRuntimeArg",
    ];

    /// <summary>
    /// Names of MSBuild and the .NET SDK that the SDK reads too: never reported as unknown, never suggested (a user's
    /// <c>Versions</c> is not about this SDK).
    /// </summary>
    public static IReadOnlyList<string> Standard { get; } =
    [
        "Version", "VersionPrefix", "VersionSuffix", "Configuration", "OutputPath", "BaseOutputPath", "IntermediateOutputPath",
        "BaseIntermediateOutputPath", "PublishDir", "PublishRelease", "NoBuild", "RepositoryUrl", "SourceRevisionId",
        "ImportDirectoryBuildProps", "ImportDirectoryBuildTargets", "DirectoryBuildPropsPath", "DirectoryBuildTargetsPath",
    ];

    /// <summary>The prefixes of the SDK's own names: a name read from its targets with one of these can be suggested.</summary>
    private static readonly string[] OwnPrefixes = ["Container", "Modelcar", "KServe", "GenerateKServe"];

    public static bool IsOwn(string name) => OwnPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The property and item names the SDK's own .props/.targets files in <paramref name="sdkDirectory"/> refer to, so that a
    /// property added to the targets (by a later feature) is known here without a second list to update. Private
    /// names (<c>_Modelcar...</c>) are left out.
    /// </summary>
    public static (IReadOnlySet<string> Properties, IReadOnlySet<string> Items) ReadFromTargets(string? sdkDirectory)
    {
        var properties = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var items = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (sdkDirectory is null || !Directory.Exists(sdkDirectory)) return (properties, items);
        foreach (string file in Directory.EnumerateFiles(sdkDirectory).Where(f => f.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".targets", StringComparison.OrdinalIgnoreCase)))
        {
            string text = File.ReadAllText(file);
            foreach (Match m in PropertyReference().Matches(text)) properties.Add(m.Groups[1].Value);
            foreach (Match m in ItemReference().Matches(text)) items.Add(m.Groups[1].Value);
        }
        return (properties, items);
    }

    [GeneratedRegex(@"\$\(([A-Za-z][A-Za-z0-9_]*)\)")]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"@\(([A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex ItemReference();
}
