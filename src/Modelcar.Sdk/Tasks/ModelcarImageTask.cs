using System.Globalization;
using Microsoft.Build.Framework;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;
using Modelcar.Sdk.Properties;
using Modelcar.Sdk.Sources;
using Modelcar.Sources;
using Modelcar.Sources.Remote;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// The properties and items that decide the image, shared by planning (build) and publishing, so both
/// check and compute them the same way.
/// </summary>
public abstract class ModelcarImageTask : ModelcarTask
{
    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    public ITaskItem[] ModelFiles { get; set; } = [];

    public ITaskItem[] ModelSources { get; set; } = [];

    public string? ContainerRegistry { get; set; }
    public string? ContainerRepository { get; set; }
    public string? ContainerImageTag { get; set; }
    public string? ContainerImageTags { get; set; }
    public string? Version { get; set; }
    /// <summary>A bool as text, read by <see cref="PropertyValue"/> so a bad value names the property (as do the others below).</summary>
    public string? ContainerImageTagsIncludeShortVersions { get; set; }
    public string? ContainerBaseImage { get; set; }
    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>RuntimeIdentifier (-r, --arch): the platform when ContainerRuntimeIdentifier is not set.</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>ContainerLabel items (Include = key, Value): the image config's Labels.</summary>
    public ITaskItem[] ContainerLabels { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items (Include = name, Value): the image config's Env.</summary>
    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];
    public string? ContainerUser { get; set; }
    public string? LargeFileThreshold { get; set; }
    public string? MaxLayerSize { get; set; }

    /// <summary>ModelcarSmallFileCompression: none, gzip or zstd for the layers of small files.</summary>
    public string? SmallFileCompression { get; set; }
    public string? AllowLinksOutOfProject { get; set; }

    /// <summary>The shared download cache for ModelSource items; empty: $MODELCAR_CACHE, $XDG_CACHE_HOME/modelcar or ~/.cache/modelcar.</summary>
    public string? SourceCache { get; set; }

    /// <summary>Read remote files straight into their layer uploads instead of downloading them first.</summary>
    public string? StreamSources { get; set; }

    /// <summary>ModelcarSourceParallelism: how many remote files download at once (1 to 64; empty: 4). A string, so a bad value gets MODELCAR083 rather than MSBuild's conversion error.</summary>
    public string? SourceParallelism { get; set; }

    /// <summary>ModelcarResolvedSourcesPath: where the commits hf:// sources resolved to are pinned (obj/); empty: resolve every time.</summary>
    public string? SourcePinsPath { get; set; }

    /// <summary>ModelcarRefreshSources (a bool as text): resolve every pinned source again (a moved branch is picked up).</summary>
    public string? RefreshSources { get; set; }

    /// <summary>ModelcarCaBundle: a PEM file of CAs trusted for registries and https sources on top of the system's.</summary>
    public string? TrustedCaBundle { get; set; }

    /// <summary>Seconds since the Unix epoch for every timestamp in the image; empty means the epoch itself.</summary>
    public string? SourceDateEpoch { get; set; }

    [Output]
    public string[] ResolvedTags { get; private set; } = [];

    [Output]
    public string ResolvedRepository { get; private set; } = "";

    /// <summary>The checked ContainerLabel items, set by <see cref="ResolveSettings"/>.</summary>
    protected IReadOnlyList<KeyValuePair<string, string>> ConfigLabels { get; private set; } = [];

    /// <summary>The checked ContainerEnvironmentVariable items, set by <see cref="ResolveSettings"/>.</summary>
    protected IReadOnlyList<KeyValuePair<string, string>> ConfigEnvironment { get; private set; } = [];

    protected ImageSettings ResolveSettings()
    {
        IReadOnlyList<string> tags = ImageTags.Resolve(ContainerImageTags, ContainerImageTag, Version,
            PropertyValue.Bool(ContainerImageTagsIncludeShortVersions, "ContainerImageTagsIncludeShortVersions"));
        string runtimeIdentifier = Conventions.RuntimeIdentifierConvention.Resolve(ContainerRuntimeIdentifier, RuntimeIdentifier);
        ImageSettings settings = ImageSettings.Create(ContainerRegistry, ContainerRepository, ProjectName, tags, ContainerBaseImage, runtimeIdentifier, ContainerUser);
        ConfigLabels = Conventions.ContainerConfigItems.Labels(ContainerLabels);
        ConfigEnvironment = Conventions.ContainerConfigItems.Environment(ContainerEnvironmentVariables);
        ResolvedTags = [.. settings.Tags];
        ResolvedRepository = settings.Repository;
        return settings;
    }

    /// <summary>
    /// Lists the model's files: stats of local files, and remote files downloaded into the cache (or, with
    /// <paramref name="listOnly"/> or in streaming mode, listed with openers and not downloaded).
    /// </summary>
    /// <param name="inheritedFiles">The files of oci:// sources (read at publish only), checked against the others for overlaps.</param>
    protected async Task<IReadOnlyList<ResolvedModelFile>> ResolveFilesAsync(IModelcarLog log, bool listOnly, CancellationToken cancellationToken, IReadOnlyList<ResolvedModelFile>? inheritedFiles = null)
    {
        // MSBuild drops a pattern that matched nothing, so an empty ModelFiles may still come from patterns in the
        // project file (dotnet new modelcar's model/** before the model is put there): with no ModelSource either,
        // the model would be empty, and MODELCAR017 names the pattern to fill. Beside a ModelSource, a model/** that
        // finds no local file is left alone, as before.
        if (ModelFiles.Length > 0 || ModelSources.Length == 0) UnmatchedModelFilePatterns.Check(ProjectFile, ProjectDirectory, ModelFiles.Select(item => item.GetMetadata("FullPath")));
        var specs = ModelFiles.Select(item => new ModelFileSpec(
            item.GetMetadata("FullPath"),
            TargetPathOf(item),
            item.ItemSpec));
        var files = LocalModelFiles.Resolve(specs, ProjectDirectory, PropertyValue.Bool(AllowLinksOutOfProject, "ModelcarAllowLinksOutOfProject")).ToList();

        // MSBuild unescapes %XX in an Include: a signed URL's %2B would go out as '+' (see ModelSourceUriText).
        ModelSourceUriText? uriText = ModelSources.Length == 0 ? null : ModelSourceUriText.Collect(ProjectFile, BuildEngine);
        var sourceSpecs = ModelSources.Where(item => !OciModelSourceItems.IsOci(item)).Select(item => new ModelSourceSpec(
            uriText!.Of(item),
            item.GetMetadata("TargetPath"),
            CustomMetadataOf(item)));
        var context = RemoteStoreContext.FromProcess(log) with { ExtraTrustedRoots = TrustedRoots() };
        SourcePins? pins = string.IsNullOrWhiteSpace(SourcePinsPath) ? null
            : SourcePins.Load(Path.GetFullPath(SourcePinsPath, ProjectDirectory), log, PropertyValue.Bool(RefreshSources, "ModelcarRefreshSources"));
        var options = new RemoteSourceOptions
        {
            Pins = pins,
            CacheDirectory = string.IsNullOrWhiteSpace(SourceCache) ? DownloadCacheLocation.Default(context.GetEnvironmentVariable) : Path.GetFullPath(SourceCache, ProjectDirectory),
            Stream = PropertyValue.Bool(StreamSources, "ModelcarStreamSources") || listOnly,
            Parallelism = DownloadParallelism.Parse(SourceParallelism),
        };
        files.AddRange(await ModelSourceCatalog.Create(context, options).ResolveAsync(sourceSpecs, cancellationToken));
        pins?.Save();
        // Planning has no content to compare for files it did not download; publishing checks them.
        if (listOnly && ModelSources.Any(OciModelSourceItems.IsOci)) log.Info("  oci:// model sources are read when publishing; the plan lists the other files only");
        if (files.Count == 0 && (inheritedFiles?.Count ?? 0) == 0 && !ModelSources.Any(OciModelSourceItems.IsOci)) throw EmptyModelAdvice.Create(ProjectFile, ProjectDirectory);
        return ModelFileSet.Combine([.. inheritedFiles ?? [], .. files], unknownContentConflicts: !listOnly);
    }

    /// <summary>The extra CAs for https (registries and sources); Publish adds its older registry-only setting.</summary>
    protected virtual System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedRoots() =>
        Modelcar.Oci.Registry.Tls.TrustedCaBundle.Resolve(TrustedCaBundle, null);

    /// <summary>The item's own metadata (AllowPatterns, Sha256, ...); MSBuild's dictionary may be generic or not.</summary>
    private static Dictionary<string, string> CustomMetadataOf(ITaskItem item)
    {
        System.Collections.IDictionary metadata = item.CloneCustomMetadata();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (object key in metadata.Keys) result[(string)key] = metadata[key] as string ?? "";
        return result;
    }

    /// <summary>The model's layers on a base with <paramref name="baseLayerCount"/> layers of its own.</summary>
    /// <remarks>Files of oci:// sources already have their layers; with no other file, there is no new layer to plan.</remarks>
    protected IReadOnlyList<PlannedLayer> PlanLayers(IReadOnlyList<ResolvedModelFile> files, int baseLayerCount)
    {
        IReadOnlyList<PlannedFile> own = PlannedFiles.Of(files);
        if (own.Count == 0 && ModelSources.Any(OciModelSourceItems.IsOci))
        {
            int maxLayers = new LayerPlanOptions().MaxLayers;
            return baseLayerCount <= maxLayers ? [] : throw new ModelcarException(ErrorCodes.TooManyLayers,
                $"The base image and the oci:// sources' model layers come to {baseLayerCount} layers, over the limit of {maxLayers}. Choose a base image with fewer layers.");
        }
        return LayerPlanner.Plan(own, PlanOptions(baseLayerCount));
    }

    private LayerPlanOptions PlanOptions(int baseLayerCount) => new()
    {
        LargeFileThreshold = ParseSize(LargeFileThreshold, "ModelcarLargeFileThreshold") ?? new LayerPlanOptions().LargeFileThreshold,
        MaxLayerSize = ParseSize(MaxLayerSize, "ContainerMaxLayerSize") ?? new LayerPlanOptions().MaxLayerSize,
        BaseLayerCount = baseLayerCount,
        SmallFileCompression = LayerCompressions.Parse(SmallFileCompression),
        Mtime = Epoch,
    };

    protected long Epoch => string.IsNullOrWhiteSpace(SourceDateEpoch)
        ? 0
        : long.TryParse(SourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            ? seconds
            : throw new ModelcarException(ErrorCodes.InvalidSize, $"SOURCE_DATE_EPOCH '{SourceDateEpoch}' is not a number of seconds. Unset it or give a value such as the last commit's time (git log -1 --format=%ct).");

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

    /// <summary>A byte count with an optional KB/MB/GB (1024-based) suffix, e.g. <c>20GB</c>.</summary>
    protected static long? ParseSize(string? text, string property)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string value = text.Trim().ToUpperInvariant().Replace("IB", "B");
        (string number, long unit) = value switch
        {
            _ when value.EndsWith("TB", StringComparison.Ordinal) => (value[..^2], 1L << 40),
            _ when value.EndsWith("GB", StringComparison.Ordinal) => (value[..^2], 1L << 30),
            _ when value.EndsWith("MB", StringComparison.Ordinal) => (value[..^2], 1L << 20),
            _ when value.EndsWith("KB", StringComparison.Ordinal) => (value[..^2], 1L << 10),
            _ when value.EndsWith('B') => (value[..^1], 1L),
            _ => (value, 1L),
        };
        if (!long.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidSize,
                $"{property} '{text}' is not a size. Give a number of bytes, optionally with KB, MB, GB or TB (for example '20GB').");
        }
        return checked(count * unit);
    }
}
