using System.Text.RegularExpressions;
using Microsoft.Build.Framework;

namespace Modelcar.Sdk.Conventions;

/// <summary>
/// The .NET SDK's <c>ContainerLabel</c> and <c>ContainerEnvironmentVariable</c> items (Include = the name, <c>Value</c>
/// metadata = the value), checked and put in item order, for the image config's <c>Labels</c> and <c>Env</c>.
/// </summary>
public static partial class ContainerConfigItems
{
    public static IReadOnlyList<KeyValuePair<string, string>> Labels(ITaskItem[]? items) =>
        Read(items, "ContainerLabel", LabelKey(), "a label key has no spaces, '=' or control characters (e.g. 'org.opencontainers.image.vendor' or 'team')");

    public static IReadOnlyList<KeyValuePair<string, string>> Environment(ITaskItem[]? items) =>
        Read(items, "ContainerEnvironmentVariable", VariableName(), "a variable name is letters, digits and '_', not starting with a digit (e.g. 'HF_HUB_OFFLINE')");

    private static List<KeyValuePair<string, string>> Read(ITaskItem[]? items, string itemName, Regex valid, string rule)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (ITaskItem item in items ?? [])
        {
            string name = item.ItemSpec.Trim();
            if (!valid.IsMatch(name))
            {
                throw new ModelcarException(ErrorCodes.InvalidContainerConvention,
                    $"{itemName} '{item.ItemSpec}' is not a valid name: {rule}. Fix the item's Include; the value goes in its Value metadata.");
            }
            string value = item.GetMetadata("Value");
            if (value.Contains('\n') || value.Contains('\r') || value.Contains('\0'))
            {
                throw new ModelcarException(ErrorCodes.InvalidContainerConvention,
                    $"The Value of {itemName} '{name}' holds a line break or NUL character, which an image config cannot carry. Give a one-line value.");
            }
            // The last item of a name wins, as a later property does in MSBuild.
            result.RemoveAll(p => p.Key == name);
            result.Add(new KeyValuePair<string, string>(name, value));
        }
        return result;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^[^\s=\p{Cc}]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKey();
}
