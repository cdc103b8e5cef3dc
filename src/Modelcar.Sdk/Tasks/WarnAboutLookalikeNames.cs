using Modelcar.Sdk.Diagnostics;
using Modelcar.Sdk.Properties;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// MODELCAR052/053: a property or item type in the project file that the SDK does not read but nearly does
/// (<c>ContainerRegistery</c>, <c>ModelFiles</c>), so a typo that silently changes the outcome (an archive instead of a
/// push, an empty model) is pointed out, with the nearest real name, at its line. Runs before the plan, whose own
/// errors (MODELCAR010 for an empty model) such a typo often causes.
/// </summary>
public sealed class WarnAboutLookalikeNames : ModelcarTask
{
    /// <summary>The folder of the SDK's .props and .targets: the names they read are known too.</summary>
    public string? SdkDirectory { get; set; }

    /// <summary>Files of the user's the project imports (Directory.Build.props and .targets), checked the same way.</summary>
    public string[] ImportedFiles { get; set; } = [];

    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        (IReadOnlySet<string> targetProperties, IReadOnlySet<string> targetItems) = KnownNames.ReadFromTargets(SdkDirectory);
        var knownProperties = new HashSet<string>([.. KnownNames.Properties, .. KnownNames.Standard, .. targetProperties], StringComparer.OrdinalIgnoreCase);
        var knownItems = new HashSet<string>([.. KnownNames.Items, .. targetItems], StringComparer.OrdinalIgnoreCase);
        // ModelFile and ModelSource have no SDK prefix, so the catalogue's lists are always suggestible.
        string[] ownProperties = [.. knownProperties.Where(KnownNames.IsOwn).Union(KnownNames.Properties, StringComparer.OrdinalIgnoreCase)];
        string[] ownItems = [.. knownItems.Where(KnownNames.IsOwn).Union(KnownNames.Items, StringComparer.OrdinalIgnoreCase)];

        foreach (string file in new[] { ProjectFile }.Concat(ImportedFiles).OfType<string>().Where(f => f.Length > 0).Distinct())
        {
            foreach (ProjectElement element in ProjectElements.Read(file)) Check(file, element, knownProperties, knownItems, ownProperties, ownItems);
        }
        return Task.CompletedTask;
    }

    /// <summary>Warns about one element whose name the SDK does not know but nearly does, at its file and line.</summary>
    private void Check(string file, ProjectElement element, HashSet<string> knownProperties, HashSet<string> knownItems, string[] ownProperties, string[] ownItems)
    {
        if ((element.IsItem ? knownItems : knownProperties).Contains(element.Name)) return;
        string? nearest = NameSuggestions.Nearest(element.Name, element.IsItem ? ownItems : ownProperties);
        if (nearest is null) return;
        string message = element.IsItem
            ? $"The project has {element.Name} items, which Modelcar.Sdk does not read. Did you mean {nearest}? Rename the item type, or rename your own item type if the likeness is an accident."
            : $"The project sets {element.Name}, which Modelcar.Sdk does not read, so it has no effect. Did you mean {nearest}? Rename the property, or rename your own property if the likeness is an accident.";
        Diagnostics.WarningAt(file, element.Line, element.IsItem ? ErrorCodes.UnknownItem : ErrorCodes.UnknownProperty, message);
    }
}
