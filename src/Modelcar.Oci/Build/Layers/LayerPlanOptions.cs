using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build.Layers;

public sealed record LayerPlanOptions
{
    public const long MiB = 1024 * 1024;
    public const long GiB = 1024 * MiB;

    /// <summary>The folder in the image the model lives in; KServe links <c>/models</c>.</summary>
    public string ModelsRoot { get; init; } = "models";

    /// <summary>
    /// Files at least this large get a layer of their own: weights do not compress, runtimes pull layers in
    /// parallel, and an unchanged shard keeps its layer digest when its neighbours change.
    /// </summary>
    public long LargeFileThreshold { get; init; } = 16 * MiB;

    /// <summary>A layer grows past this only to hold one file that is larger on its own.</summary>
    public long MaxLayerSize { get; init; } = 20 * GiB;

    /// <summary>Overlay filesystems and some runtimes stop at about 127 stacked layers; stay well below.</summary>
    public int MaxLayers { get; init; } = 100;

    /// <summary>Layers the base image brings; they count against <see cref="MaxLayers"/>.</summary>
    public int BaseLayerCount { get; init; }

    /// <summary>
    /// How layers of small files (configs, tokenizers) are compressed, where it saves at least a tenth. Layers of
    /// large files are never compressed: weights barely shrink, and gzip would cost more time than the wire saves.
    /// </summary>
    public LayerCompression SmallFileCompression { get; init; }

    /// <summary>The mtime of every entry: <c>SOURCE_DATE_EPOCH</c> when set, else 0, so digests are reproducible.</summary>
    public long Mtime { get; init; }
}
