namespace Modelcar.KServe;

/// <summary>How the generated objects are laid out on disk.</summary>
public enum ManifestLayout
{
    /// <summary>One YAML file for <c>kubectl apply -f</c>; a ServingRuntime, when there is one, comes first in it.</summary>
    Single,

    /// <summary>A folder with one file per object and a <c>kustomization.yaml</c> listing them, for <c>kubectl apply -k</c>
    /// and overlays.</summary>
    Kustomize,
}
