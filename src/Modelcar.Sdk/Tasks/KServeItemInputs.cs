using Microsoft.Build.Framework;
using Modelcar.KServe;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Reads the KServe items of a .modelproj (<c>KServeLabel</c>, <c>KServeEnv</c>, <c>KServeResource</c>, ...) into the
/// library's plain inputs; the checks live in <see cref="ManifestInputs"/> so that they are tested without MSBuild.
/// </summary>
internal static class KServeItemInputs
{
    /// <summary><c>Include</c> is the key, the <c>Value</c> metadata its value (empty when absent).</summary>
    public static IEnumerable<KeyValueInput> KeyValues(ITaskItem[]? items) =>
        (items ?? []).Select(i => new KeyValueInput(i.ItemSpec, i.GetMetadata("Value")));

    /// <summary><c>Include</c> is the resource name, <c>Request</c> and <c>Limit</c> its quantities.</summary>
    public static IEnumerable<ResourceInput> Resources(ITaskItem[]? items) =>
        (items ?? []).Select(i => new ResourceInput(i.ItemSpec, i.GetMetadata("Request"), i.GetMetadata("Limit")));

    /// <summary>Each item's <c>Include</c> is one argument, in item order (MSBuild keeps it).</summary>
    public static IReadOnlyList<string> Texts(ITaskItem[]? items) =>
        (items ?? []).Select(i => i.ItemSpec).ToList();

    /// <summary>A ';'-separated property as a list, blanks dropped.</summary>
    public static IReadOnlyList<string> List(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
