using Microsoft.Build.Framework;
using Modelcar.Oci;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Tar;
using Modelcar.Sdk.Diagnostics;
using Modelcar.Sdk.Properties;
using Modelcar.Sources.Remote;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Before the plan (<c>dotnet build</c>) and before the first request of a publish (also with <c>--no-build</c>):
/// reads every setting the later steps use as text, so a bad bool, number or choice fails here with its MODELCAR code
/// and nothing has left the machine; and warns about a project property or item a typo away from one of the SDK's.
/// Every bad value is reported, not only the first. The KServe manifest is checked by rendering it
/// (<c>ModelcarCheckKServeManifest</c> in Modelcar.Validation.targets).
/// </summary>
public sealed class ValidateModelcarProject : ModelcarTask
{
    /// <summary>Bool properties: <c>Include</c> is the property's name, <c>Value</c> its text.</summary>
    public ITaskItem[] Booleans { get; set; } = [];

    public string? Parallelism { get; set; }
    public string? SourceParallelism { get; set; }
    public string? SmallFileCompression { get; set; }
    public string? RegistryRetries { get; set; }
    public string? RegistryRetryTimeout { get; set; }
    public string? RegistryNoProgressTimeout { get; set; }
    public string? StorageMode { get; set; }
    public string? ContainerRuntimeIdentifier { get; set; }
    public string? ContainerRuntimeIdentifiers { get; set; }

    /// <summary>The folder of the SDK's .props and .targets: the names they read are the known ones.</summary>
    public string? SdkDirectory { get; set; }

    protected override Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken)
    {
        foreach (ITaskItem boolean in Booleans) Check(() => PropertyValue.Bool(boolean.GetMetadata("Value"), boolean.ItemSpec));
        Check(() => ProjectSettings.UploadParallelism(Parallelism));
        Check(() => DownloadParallelism.Parse(SourceParallelism));
        Check(() => LayerCompressions.Parse(SmallFileCompression));
        Check(() => RetryOptions.FromProperties(RegistryRetries, RegistryRetryTimeout, RegistryNoProgressTimeout));
        Check(() => ImageSettings.ParseStorageMode(StorageMode));
        Check(() => PropertyValue.Named("ContainerRuntimeIdentifier", () => string.IsNullOrWhiteSpace(ContainerRuntimeIdentifier) ? null : Oci.Model.Platform.Parse(ContainerRuntimeIdentifier)));
        Check(() => PropertyValue.Named("ContainerRuntimeIdentifiers", () => ImageSettings.ParsePlatforms(ContainerRuntimeIdentifiers)));
        WarnAboutLookalikes();
        return Task.CompletedTask;
    }

    /// <summary>Runs one check and logs its error, so that the next check still runs.</summary>
    private void Check<T>(Func<T> parse)
    {
        try
        {
            parse();
        }
        catch (ModelcarException e)
        {
            Diagnostics.Error(e.Code, e.Message, e.Property);
        }
    }

    /// <summary>MODELCAR052/053: a property or item in the project file that the SDK does not read but nearly does.</summary>
    private void WarnAboutLookalikes()
    {
        (IReadOnlySet<string> targetProperties, IReadOnlySet<string> targetItems) = KnownNames.ReadFromTargets(SdkDirectory);
        var knownProperties = new HashSet<string>([.. KnownNames.Properties, .. KnownNames.Standard, .. targetProperties], StringComparer.OrdinalIgnoreCase);
        var knownItems = new HashSet<string>([.. KnownNames.Items, .. targetItems], StringComparer.OrdinalIgnoreCase);
        string[] ownProperties = [.. knownProperties.Where(KnownNames.IsOwn)];
        string[] ownItems = [.. knownItems.Where(KnownNames.IsOwn).Concat(KnownNames.Items).Distinct(StringComparer.OrdinalIgnoreCase)];

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
    }
}
