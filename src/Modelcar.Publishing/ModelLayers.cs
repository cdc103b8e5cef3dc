using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Tar;
using Modelcar.Publishing.Properties;
using Modelcar.Publishing.Sources;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>The plan stage: the model's files grouped into layers, by the sizes and compression the options ask for.</summary>
public static class ModelLayers
{
    /// <summary>The model's layers on a base with <paramref name="baseLayerCount"/> layers of its own.</summary>
    /// <remarks>Files of oci:// sources already have their layers; with no other file, there is no new layer to plan.</remarks>
    public static IReadOnlyList<PlannedLayer> Plan(ImageOptions options, IReadOnlyList<ResolvedModelFile> files, int baseLayerCount)
    {
        IReadOnlyList<PlannedFile> own = PlannedFiles.Of(files);
        if (own.Count == 0 && options.ModelSources.Any(OciModelSources.IsOci))
        {
            int maxLayers = new LayerPlanOptions().MaxLayers;
            return baseLayerCount <= maxLayers ? [] : throw new ModelcarException(ErrorCodes.TooManyLayers,
                $"The base image and the oci:// sources' model layers come to {baseLayerCount} layers, over the limit of {maxLayers}. Choose a base image with fewer layers.");
        }
        return LayerPlanner.Plan(own, PlanOptions(options, baseLayerCount));
    }

    private static LayerPlanOptions PlanOptions(ImageOptions options, int baseLayerCount) => new()
    {
        LargeFileThreshold = SizeValue.Parse(options.LargeFileThreshold, "ModelcarLargeFileThreshold") ?? new LayerPlanOptions().LargeFileThreshold,
        MaxLayerSize = SizeValue.Parse(options.MaxLayerSize, "ContainerMaxLayerSize") ?? new LayerPlanOptions().MaxLayerSize,
        BaseLayerCount = baseLayerCount,
        SmallFileCompression = LayerCompressions.Parse(options.SmallFileCompression),
        Mtime = SourceDateEpoch.Seconds(options.SourceDateEpoch),
    };
}
