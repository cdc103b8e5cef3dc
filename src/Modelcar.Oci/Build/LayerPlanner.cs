using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build;

/// <summary>
/// Decides which model files go into which layer. The plan depends only on paths and sizes, never on
/// file order or timestamps, so the same model always gives the same layers on any machine.
/// </summary>
public static class LayerPlanner
{
    public static IReadOnlyList<PlannedLayer> Plan(IEnumerable<PlannedFile> files, LayerPlanOptions options)
    {
        var sorted = files.OrderBy(f => f.TargetPath, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.NoModelFiles,
                "The model is empty: no ModelFile or ModelSource item gave a file. KServe refuses a modelcar whose /models is empty; add the model's files.");
        }

        int budget = options.MaxLayers - options.BaseLayerCount;
        if (budget < 1)
        {
            throw new ModelcarException(ErrorCodes.TooManyLayers,
                $"The base image already has {options.BaseLayerCount} layers, which leaves no room under the limit of {options.MaxLayers}. Choose a base image with fewer layers.");
        }

        var large = sorted.Where(f => f.Size >= options.LargeFileThreshold).ToList();
        var small = sorted.Where(f => f.Size < options.LargeFileThreshold).ToList();

        List<List<PlannedFile>> smallGroups = PackBySize(small, options.MaxLayerSize);
        int largeBudget = Math.Max(1, budget - smallGroups.Count);
        List<List<PlannedFile>> largeGroups = large.Count <= largeBudget
            ? large.Select(f => new List<PlannedFile> { f }).ToList()
            : SplitEvenly(large, largeBudget);

        var groups = largeGroups.Select(g => (Files: g, Compression: LayerCompression.None))
            .Concat(smallGroups.Select(g => (Files: g, Compression: options.SmallFileCompression)))
            .ToList();
        if (groups.Count > budget)
        {
            throw new ModelcarException(ErrorCodes.TooManyLayers,
                $"The model needs {groups.Count} layers but only {budget} fit on this base image. Raise ContainerMaxLayerSize so that small files share fewer layers.");
        }
        return groups
            .Select(g => new PlannedLayer(g.Files, LayerContent.ForFiles(options.ModelsRoot, g.Files.Select(f => ToEntry(options.ModelsRoot, f)), options.Mtime))
            {
                Compression = g.Compression,
                ModelsRoot = options.ModelsRoot,
            })
            .ToList();
    }

    private static TarEntry ToEntry(string root, PlannedFile file) =>
        TarEntry.File($"{root.TrimEnd('/')}/{file.TargetPath}", file.Size, file.Source);

    /// <summary>Consecutive files (in path order) fill a layer until the next would pass the limit.</summary>
    private static List<List<PlannedFile>> PackBySize(List<PlannedFile> files, long maxLayerSize)
    {
        var groups = new List<List<PlannedFile>>();
        List<PlannedFile>? current = null;
        long currentSize = 0;
        foreach (PlannedFile file in files)
        {
            if (current is null || (currentSize + file.Size > maxLayerSize && current.Count > 0))
            {
                current = [];
                groups.Add(current);
                currentSize = 0;
            }
            current.Add(file);
            currentSize += file.Size;
        }
        return groups;
    }

    /// <summary>
    /// More shards than layers allow: cut the path-ordered list into <paramref name="count"/> runs of
    /// near-equal byte size, so neighbouring shards share a layer and layer sizes stay balanced.
    /// </summary>
    private static List<List<PlannedFile>> SplitEvenly(List<PlannedFile> files, int count)
    {
        long total = files.Sum(f => f.Size);
        var groups = new List<List<PlannedFile>>();
        var current = new List<PlannedFile>();
        long accumulated = 0;
        for (int i = 0; i < files.Count; i++)
        {
            current.Add(files[i]);
            accumulated += files[i].Size;
            int remainingFiles = files.Count - i - 1;
            int remainingGroups = count - groups.Count - 1;
            bool reachedShare = accumulated * count >= total * (groups.Count + 1);
            if (remainingGroups > 0 && (reachedShare || remainingFiles == remainingGroups))
            {
                groups.Add(current);
                current = [];
            }
        }
        if (current.Count > 0) groups.Add(current);
        return groups;
    }
}
