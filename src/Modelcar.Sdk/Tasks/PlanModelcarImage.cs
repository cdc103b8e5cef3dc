using System.Text.Json;
using Microsoft.Build.Framework;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;
using Modelcar.Sdk.Sources;
using Modelcar.Sources;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>dotnet build</c>: checks every image property, lists the model's files and plans its layers, then
/// writes the plan under obj/ (only when it changed, so the build stays incremental). Metadata only.
/// </summary>
public sealed class PlanModelcarImage : ModelcarImageTask
{
    [Required]
    public string PlanFile { get; set; } = "";

    /// <summary><c>ModelcarRegistryMaxLayerSize</c>: the target registry's largest layer, over the documented table.</summary>
    public string? RegistryMaxLayerSize { get; set; }

    [Output]
    public ITaskItem[] PlannedFiles { get; private set; } = [];

    protected override async Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        ImageSettings settings = ResolveSettings();
        IReadOnlyList<ResolvedModelFile> files = await ResolveFilesAsync(log, listOnly: true, cancellationToken);
        IReadOnlyList<PlannedLayer> layers = PlanLayers(files, baseLayerCount: 0);
        Oci.Registry.Limits.RegistryLimitCheck.Check(settings.Registry, ParseSize(RegistryMaxLayerSize, "ModelcarRegistryMaxLayerSize"), layers);

        var plan = new
        {
            image = settings.Name.ToString(),
            registry = settings.Registry,
            @base = settings.BaseName,
            platform = settings.Platform.ToString(),
            user = settings.User,
            labels = ConfigLabels.Select(l => l.Key + "=" + l.Value),
            env = ConfigEnvironment.Select(e => e.Key + "=" + e.Value),
            tags = settings.Tags,
            inherits = OciModelSourceItems.Validate(ModelSources).Select(i => i.ItemSpec.Trim()),
            layers = layers.Select(l => new { size = l.Content.Length, compression = l.Compression.Name(), files = l.Files.Select(f => new { path = f.TargetPath, size = f.Size, source = f.Source.Name }) }),
        };
        string json = JsonSerializer.Serialize(plan, JsonOptions);
        WriteIfChanged(PlanFile, json);

        PlannedFiles = files.Select(f =>
        {
            var item = new Microsoft.Build.Utilities.TaskItem(f.Content.Name);
            item.SetMetadata("TargetPath", f.TargetPath);
            item.SetMetadata("Size", f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (ITaskItem)item;
        }).ToArray();
        log.Info($"Modelcar {settings.Name}: {files.Count} file(s), {ByteSize.Format(files.Sum(f => f.Size))} in {layers.Count} layer(s) on {settings.BaseName}");
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
    }
}
