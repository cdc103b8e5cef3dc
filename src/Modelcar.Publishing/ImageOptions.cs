using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>
/// What decides the image, for planning and publishing alike: the project's model files and sources, and each
/// setting as the text the project gave it (null or empty: the default). The text is checked by the stage that
/// reads it, so a bad value fails at the same point, with the same code and message, from any front end; messages
/// name the MSBuild property, which is what a user of the SDK sets.
/// </summary>
public sealed record ImageOptions
{
    /// <summary>The folder relative paths (caches, pins, local bases, links) are resolved against.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The repository's name when <see cref="ContainerRepository"/> is empty.</summary>
    public required string ProjectName { get; init; }

    /// <summary>The project file, for advice that quotes its <c>ModelFile</c> patterns and for provenance; null: none.</summary>
    public string? ProjectFile { get; init; }

    /// <summary>Local files, each with its path under /models.</summary>
    public IReadOnlyList<ModelFileSpec> ModelFiles { get; init; } = [];

    /// <summary>Remote sources (<c>hf://</c>, <c>s3://</c>, https, ...) and <c>oci://</c> images whose model layers are carried.</summary>
    public IReadOnlyList<ModelSourceSpec> ModelSources { get; init; } = [];

    /// <summary>The image config's Labels: (key as written, value), checked by <see cref="ContainerConfig"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The image config's Env: (name as written, value), checked by <see cref="ContainerConfig"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public string? ContainerRegistry { get; init; }
    public string? ContainerRepository { get; init; }
    public string? ContainerImageTag { get; init; }
    public string? ContainerImageTags { get; init; }
    public string? ContainerImageTagsIncludeShortVersions { get; init; }
    public string? Version { get; init; }
    public string? ContainerBaseImage { get; init; }
    public string? ContainerRuntimeIdentifier { get; init; }

    /// <summary>RuntimeIdentifier (-r, --arch): the platform when <see cref="ContainerRuntimeIdentifier"/> is not set.</summary>
    public string? RuntimeIdentifier { get; init; }

    public string? ContainerUser { get; init; }

    /// <summary>ModelcarLargeFileThreshold: files from this size get a layer of their own.</summary>
    public string? LargeFileThreshold { get; init; }

    /// <summary>ContainerMaxLayerSize.</summary>
    public string? MaxLayerSize { get; init; }

    /// <summary>ModelcarSmallFileCompression: none, gzip or zstd for the layers of small files.</summary>
    public string? SmallFileCompression { get; init; }

    /// <summary>ModelcarAllowLinksOutOfProject (a bool as text).</summary>
    public string? AllowLinksOutOfProject { get; init; }

    /// <summary>ModelcarSourceCache: the shared download cache; empty: $MODELCAR_CACHE, $XDG_CACHE_HOME/modelcar or ~/.cache/modelcar.</summary>
    public string? SourceCache { get; init; }

    /// <summary>ModelcarStreamSources: read remote files straight into their layer uploads instead of downloading them first.</summary>
    public string? StreamSources { get; init; }

    /// <summary>ModelcarSourceParallelism: how many remote files download at once (1 to 64; empty: 4).</summary>
    public string? SourceParallelism { get; init; }

    /// <summary>ModelcarResolvedSourcesPath: where the commits hf:// sources resolved to are pinned; empty: resolve every time.</summary>
    public string? SourcePinsPath { get; init; }

    /// <summary>ModelcarRefreshSources (a bool as text): resolve every pinned source again.</summary>
    public string? RefreshSources { get; init; }

    /// <summary>ModelcarCaBundle: a PEM file of CAs trusted for registries and https sources on top of the system's.</summary>
    public string? TrustedCaBundle { get; init; }

    /// <summary>SOURCE_DATE_EPOCH: seconds since the Unix epoch for every timestamp in the image; empty means the epoch itself.</summary>
    public string? SourceDateEpoch { get; init; }
}
