using Modelcar.Oci;
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

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        (IReadOnlySet<string> targetProperties, IReadOnlySet<string> targetItems) = KnownNames.ReadFromTargets(SdkDirectory);
        var knownProperties = new HashSet<string>([.. KnownNames.Properties, .. KnownNames.Standard, .. targetProperties], StringComparer.OrdinalIgnoreCase);
        var knownItems = new HashSet<string>([.. KnownNames.Items, .. targetItems], StringComparer.OrdinalIgnoreCase);
        // ModelFile and ModelSource have no SDK prefix, so the catalogue's lists are always suggestible.
        string[] ownProperties = [.. knownProperties.Where(KnownNames.IsOwn).Union(KnownNames.Properties, StringComparer.OrdinalIgnoreCase)];
        string[] ownItems = [.. knownItems.Where(KnownNames.IsOwn).Union(KnownNames.Items, StringComparer.OrdinalIgnoreCase)];

        foreach (ProjectElement element in ProjectElements.Read(ProjectFile))
        {
            if ((element.IsItem ? knownItems : knownProperties).Contains(element.Name)) continue;
            string? nearest = NameSuggestions.Nearest(element.Name, element.IsItem ? ownItems : ownProperties);
            if (nearest is null) continue;
            string message = element.IsItem
                ? $"The project has {element.Name} items, which Modelcar.Sdk does not read. Did you mean {nearest}? Rename the item type, or rename your own item type if the likeness is an accident."
                : $"The project sets {element.Name}, which Modelcar.Sdk does not read, so it has no effect. Did you mean {nearest}? Rename the property, or rename your own property if the likeness is an accident.";
            Diagnostics.Warning(element.IsItem ? ErrorCodes.UnknownItem : ErrorCodes.UnknownProperty, message, element.Name);
        }
        return Task.CompletedTask;
    }
}
