using System.Text.Json;
using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Tar;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>What <see cref="PlanFlow"/> found: the checked settings, the model's files and their layers.</summary>
/// <param name="Inherits">The oci:// sources whose model layers a publish carries over (read at publish only).</param>
public sealed record ImagePlan(ImageSettings Settings, IReadOnlyList<ResolvedModelFile> Files, IReadOnlyList<PlannedLayer> Layers, IReadOnlyList<string> Inherits)
{
    /// <summary>The plan file's text (obj/…/modelcar.plan.json): a build is up to date while it stays the same.</summary>
    public string ToJson()
    {
        var plan = new
        {
            image = Settings.Name.ToString(),
            registry = Settings.Registry,
            @base = Settings.BaseName,
            platform = Settings.Platform.ToString(),
            user = Settings.User,
            labels = Settings.Labels.Select(l => l.Key + "=" + l.Value),
            env = Settings.Environment.Select(e => e.Key + "=" + e.Value),
            tags = Settings.Tags,
            inherits = Inherits,
            layers = Layers.Select(l => new { size = l.Content.Length, compression = l.Compression.Name(), files = l.Files.Select(f => new { path = f.TargetPath, size = f.Size, source = f.Source.Name }) }),
        };
        return JsonSerializer.Serialize(plan, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
