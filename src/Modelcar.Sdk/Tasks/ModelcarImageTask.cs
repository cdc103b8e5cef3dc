using Microsoft.Build.Framework;
using Modelcar.Oci.Build.Inherited;
using Modelcar.Publishing;
using Modelcar.Sdk.Conventions;
using Modelcar.Sdk.Sources;
using Modelcar.Sources;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// The properties and items that decide the image, shared by planning (build) and publishing, mapped onto the
/// <see cref="ImageOptions"/> both flows take so that both check and compute them the same way.
/// </summary>
public abstract class ModelcarImageTask : ModelcarTask
{
    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    public ITaskItem[] ModelFiles { get; set; } = [];

    public ITaskItem[] ModelSources { get; set; } = [];

    /// <summary>ContainerLabel items (Include = key, Value): the image config's Labels.</summary>
    public ITaskItem[] ContainerLabels { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items (Include = name, Value): the image config's Env.</summary>
    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];

    /// <summary>
    /// The image settings as one list both tasks take (sdk/Modelcar.ImageSettings.targets): Include = the MSBuild
    /// property's name, Value = its value. Each is read as text by the flow, which names the property when it is bad.
    /// </summary>
    public ITaskItem[] Settings { get; set; } = [];

    [Output]
    public string[] ResolvedTags { get; private set; } = [];

    [Output]
    public string ResolvedRepository { get; private set; } = "";

    protected ImageOptions ImageOptions() => new()
    {
        ProjectDirectory = ProjectDirectory,
        ProjectName = ProjectName,
        ProjectFile = ProjectFile,
        ModelFiles = [.. ModelFiles.Select(item => new ModelFileSpec(item.GetMetadata("FullPath"), TargetPathOf(item), item.ItemSpec))],
        ModelSources = ModelSourceSpecs(),
        Labels = ContainerConfigItems.Entries(ContainerLabels),
        Environment = ContainerConfigItems.Entries(ContainerEnvironmentVariables),
        ContainerRegistry = Setting("ContainerRegistry"),
        ContainerRepository = Setting("ContainerRepository"),
        ContainerImageTag = Setting("ContainerImageTag"),
        ContainerImageTags = Setting("ContainerImageTags"),
        ContainerImageTagsIncludeShortVersions = Setting("ContainerImageTagsIncludeShortVersions"),
        Version = Setting("Version"),
        ContainerBaseImage = Setting("ContainerBaseImage"),
        ContainerRuntimeIdentifier = Setting("ContainerRuntimeIdentifier"),
        RuntimeIdentifier = Setting("RuntimeIdentifier"),
        ContainerUser = Setting("ContainerUser"),
        LargeFileThreshold = Setting("ModelcarLargeFileThreshold"),
        MaxLayerSize = Setting("ContainerMaxLayerSize"),
        SmallFileCompression = Setting("ModelcarSmallFileCompression"),
        AllowLinksOutOfProject = Setting("ModelcarAllowLinksOutOfProject"),
        SourceCache = Setting("ModelcarSourceCache"),
        StreamSources = Setting("ModelcarStreamSources"),
        SourceParallelism = Setting("ModelcarSourceParallelism"),
        SourcePinsPath = Setting("ModelcarResolvedSourcesPath"),
        RefreshSources = Setting("ModelcarRefreshSources"),
        TrustedCaBundle = Setting("ModelcarCaBundle"),
        SourceDateEpoch = Setting("SOURCE_DATE_EPOCH"),
    };

    protected void SetResolvedOutputs(ImageSettings settings)
    {
        ResolvedTags = [.. settings.Tags];
        ResolvedRepository = settings.Repository;
    }

    /// <summary>A setting's value; null when empty, as MSBuild leaves a task parameter unset when its value is empty.</summary>
    private string? Setting(string property)
    {
        string? value = Settings.LastOrDefault(item => item.ItemSpec == property)?.GetMetadata("Value");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// The ModelSource items as specs. MSBuild unescapes %XX in an Include: a signed URL's %2B would go out as '+'
    /// (see ModelSourceUriText). An oci:// item keeps its Include as it is: its metadata and reference are checked later.
    /// </summary>
    private IReadOnlyList<ModelSourceSpec> ModelSourceSpecs()
    {
        if (ModelSources.Length == 0) return [];
        ModelSourceUriText uriText = ModelSourceUriText.Collect(ProjectFile, BuildEngine);
        return [.. ModelSources.Select(item => new ModelSourceSpec(
            InheritedModelLayers.IsOciUri(item.ItemSpec) ? item.ItemSpec : uriText.Of(item),
            item.GetMetadata("TargetPath"),
            CustomMetadataOf(item)))];
    }

    /// <summary>The item's own metadata (AllowPatterns, Sha256, ...); MSBuild's dictionary may be generic or not.</summary>
    private static Dictionary<string, string> CustomMetadataOf(ITaskItem item)
    {
        System.Collections.IDictionary metadata = item.CloneCustomMetadata();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (object key in metadata.Keys) result[(string)key] = metadata[key] as string ?? "";
        return result;
    }

    /// <summary>
    /// Where a file goes under /models: its <c>TargetPath</c> metadata (a trailing '/' makes it a folder
    /// the glob's files go into), else the glob's recursive part and the file name, as MSBuild's Content does.
    /// </summary>
    private static string TargetPathOf(ITaskItem item)
    {
        string relative = item.GetMetadata("RecursiveDir") + item.GetMetadata("Filename") + item.GetMetadata("Extension");
        string target = item.GetMetadata("TargetPath");
        if (target.Length == 0) return relative;
        return target.EndsWith('/') || target.EndsWith('\\') ? target + relative : target;
    }
}
