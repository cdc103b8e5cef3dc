using System.Globalization;

namespace Modelcar.KServe;

/// <summary>One key with its value, as an MSBuild item gives it (<c>Include</c> and <c>Value</c> metadata).</summary>
public sealed record KeyValueInput(string Key, string? Value);

/// <summary>One resource item: a name such as <c>cpu</c> or <c>nvidia.com/gpu</c>, with a request, a limit or both.</summary>
public sealed record ResourceInput(string Name, string? Request, string? Limit);

/// <summary>
/// Turns the project's text (property values and item metadata) into typed <see cref="InferenceServiceOptions"/>
/// parts. Only what text can get wrong is checked here (a number that is not one, the same key twice with different
/// values, a resource with nothing set); the Kubernetes rules stay in <see cref="InferenceServiceValidator"/>.
/// </summary>
public static class ManifestInputs
{
    /// <summary>
    /// A label or annotation map. A key given twice with the same value is kept once (two imports of one props file);
    /// with different values it is an error, since MSBuild order would silently pick one.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Map(IEnumerable<KeyValueInput> items, string itemName)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string key = item.Key.Trim();
            string value = item.Value ?? "";
            if (map.TryGetValue(key, out var existing) && existing != value)
            {
                throw new ModelcarException(ErrorCodes.InvalidKServeItem,
                    $"{itemName} '{key}' is given twice, with the values '{existing}' and '{value}'; keep one (remove the other with <{itemName} Remove=\"{key}\" />).");
            }
            map[key] = value;
        }
        return map;
    }

    /// <summary>Environment variables in item order; a name given twice is an error for the same reason as in <see cref="Map"/>.</summary>
    public static IReadOnlyList<EnvironmentVariable> Env(IEnumerable<KeyValueInput> items, string itemName)
    {
        var result = new List<EnvironmentVariable>();
        foreach (var item in items)
        {
            string name = item.Key.Trim();
            string value = item.Value ?? "";
            var existing = result.Find(v => v.Name == name);
            if (existing is not null)
            {
                if (existing.Value == value) continue;
                throw new ModelcarException(ErrorCodes.InvalidKServeItem,
                    $"{itemName} '{name}' is given twice, with the values '{existing.Value}' and '{value}'; Kubernetes would keep only one. Keep one item.");
            }
            result.Add(new EnvironmentVariable(name, value));
        }
        return result;
    }

    /// <summary>Requests and limits from resource items; an item with neither, or a name given twice, is an error.</summary>
    public static ResourceRequirements Resources(IEnumerable<ResourceInput> items, string itemName)
    {
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string name = item.Name.Trim();
            string? request = NullIfBlank(item.Request);
            string? limit = NullIfBlank(item.Limit);
            if (request is null && limit is null)
            {
                throw new ModelcarException(ErrorCodes.InvalidKServeItem,
                    $"{itemName} '{name}' sets neither Request nor Limit. Add one, e.g. <{itemName} Include=\"{name}\" Request=\"2\" Limit=\"4\" /> " +
                    "(for a GPU such as nvidia.com/gpu, only Limit=\"1\").");
            }
            if (!seen.Add(name))
            {
                throw new ModelcarException(ErrorCodes.InvalidKServeItem,
                    $"{itemName} '{name}' is given twice; put its Request and Limit on one item.");
            }
            if (request is not null) requests[name] = request;
            if (limit is not null) limits[name] = limit;
        }
        return requests.Count == 0 && limits.Count == 0 ? ResourceRequirements.None : new ResourceRequirements { Requests = requests, Limits = limits };
    }

    /// <summary>A whole number from a property (MODELCAR065 when it is not one); null when unset.</summary>
    public static int? Replicas(string? text, string propertyName) => Integer(text, propertyName, ErrorCodes.InvalidReplicas);

    /// <summary>The scale target from a property (MODELCAR072 when it is not a whole number); null when unset.</summary>
    public static int? ScaleTarget(string? text, string propertyName) => Integer(text, propertyName, ErrorCodes.InvalidScaling);

    private static int? Integer(string? text, string propertyName, string code)
    {
        if (NullIfBlank(text) is not { } value) return null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            throw new ModelcarException(code, $"{propertyName} '{value}' is not a whole number.");
        }
        return number;
    }

    /// <summary><c>Single</c> (default) or <c>Kustomize</c>, any case; MODELCAR075 otherwise.</summary>
    public static ManifestLayout Layout(string? text)
    {
        string value = (text ?? "").Trim();
        if (value.Length == 0 || value.Equals("Single", StringComparison.OrdinalIgnoreCase)) return ManifestLayout.Single;
        if (value.Equals("Kustomize", StringComparison.OrdinalIgnoreCase)) return ManifestLayout.Kustomize;
        throw new ModelcarException(ErrorCodes.InvalidManifestLayout,
            $"KServeManifestLayout '{value}' is not a layout. Use 'Single' (one YAML file, the default) or 'Kustomize' (one file per object and a kustomization.yaml).");
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
