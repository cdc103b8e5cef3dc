using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Registry.Limits;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Publishing.Properties;
using Modelcar.Publishing.Sources;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>
/// <c>dotnet build</c> without MSBuild: checks every image setting, lists the model's files (nothing downloaded) and
/// plans their layers. Metadata only: no registry is asked anything.
/// </summary>
public static class PlanFlow
{
    /// <param name="registryMaxLayerSize">ModelcarRegistryMaxLayerSize: the target registry's largest layer, over the documented table.</param>
    public static async Task<ImagePlan> PlanAsync(ImageOptions options, string? registryMaxLayerSize, IModelcarLog log, CancellationToken cancellationToken)
    {
        ImageSettings settings = ImageSettings.Resolve(options);
        IReadOnlyList<ResolvedModelFile> files = await new ModelFileResolver(options, log, () => TrustedCaBundle.Resolve(options.TrustedCaBundle, null))
            .ResolveAsync(listOnly: true, cancellationToken);
        IReadOnlyList<PlannedLayer> layers = ModelLayers.Plan(options, files, baseLayerCount: 0);
        RegistryLimitCheck.Check(settings.Registry, SizeValue.Parse(registryMaxLayerSize, "ModelcarRegistryMaxLayerSize"), layers);
        IReadOnlyList<string> inherits = [.. OciModelSources.Validate(options.ModelSources).Select(s => s.Uri.Trim())];
        return new ImagePlan(settings, files, layers, inherits);
    }
}
