using System.Text.RegularExpressions;

namespace Modelcar.Publishing;

/// <summary>
/// The .NET SDK's <c>ContainerLabel</c> and <c>ContainerEnvironmentVariable</c> entries (the name as written, the
/// value), checked and put in order, for the image config's <c>Labels</c> and <c>Env</c>.
/// </summary>
public static partial class ContainerConfig
{
    public static IReadOnlyList<KeyValuePair<string, string>> Labels(IEnumerable<KeyValuePair<string, string>> entries) =>
        Read(entries, "ContainerLabel", LabelKey(), "a label key has no spaces, '=' or control characters (e.g. 'org.opencontainers.image.vendor' or 'team')");

    public static IReadOnlyList<KeyValuePair<string, string>> Environment(IEnumerable<KeyValuePair<string, string>> entries) =>
        Read(entries, "ContainerEnvironmentVariable", VariableName(), "a variable name is letters, digits and '_', not starting with a digit (e.g. 'HF_HUB_OFFLINE')");

    private static List<KeyValuePair<string, string>> Read(IEnumerable<KeyValuePair<string, string>> entries, string itemName, Regex valid, string rule)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach ((string written, string value) in entries)
        {
            string name = written.Trim();
            if (!valid.IsMatch(name))
            {
                throw new ModelcarException(ErrorCodes.InvalidContainerConvention,
                    $"{itemName} '{written}' is not a valid name: {rule}. Fix the item's Include; the value goes in its Value metadata.");
            }
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
