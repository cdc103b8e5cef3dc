using Microsoft.Build.Framework;
using Modelcar.Publishing;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>dotnet build</c>: checks every image property, lists the model's files and plans its layers (<see cref="PlanFlow"/>),
/// then writes the plan under obj/ (only when it changed, so the build stays incremental). Metadata only.
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
        ImagePlan plan = await PlanFlow.PlanAsync(ImageOptions(), RegistryMaxLayerSize, log, cancellationToken);
        SetResolvedOutputs(plan.Settings);
        WriteIfChanged(PlanFile, plan.ToJson());

        PlannedFiles = plan.Files.Select(f =>
        {
            var item = new Microsoft.Build.Utilities.TaskItem(f.Content.Name);
            item.SetMetadata("TargetPath", f.TargetPath);
            item.SetMetadata("Size", f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (ITaskItem)item;
        }).ToArray();
        log.Info($"Modelcar {plan.Settings.Name}: {plan.Files.Count} file(s), {ByteSize.Format(plan.Files.Sum(f => f.Size))} in {plan.Layers.Count} layer(s) on {plan.Settings.BaseName}");
    }

    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
    }
}
