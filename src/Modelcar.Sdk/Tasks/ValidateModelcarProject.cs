using Microsoft.Build.Framework;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Tar;
using Modelcar.Sdk.Properties;
using Modelcar.Sources.Remote;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Right after the plan (<c>dotnet build</c>) and before the first request of a publish (also with <c>--no-build</c>):
/// reads every setting the later steps use as text, so a bad bool, number or choice fails here with its MODELCAR code
/// and nothing has left the machine. Every bad value is reported, not only the first. The KServe manifest is checked
/// by rendering it (<c>ModelcarCheckKServeManifest</c> in Modelcar.Validation.targets).
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

    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        foreach (ITaskItem boolean in Booleans) Check(() => PropertyValue.Bool(boolean.GetMetadata("Value"), boolean.ItemSpec));
        Check(() => ProjectSettings.UploadParallelism(Parallelism));
        Check(() => DownloadParallelism.Parse(SourceParallelism));
        Check(() => LayerCompressions.Parse(SmallFileCompression));
        Check(() => RetryOptions.FromProperties(RegistryRetries, RegistryRetryTimeout, RegistryNoProgressTimeout));
        Check(() => ImageSettings.ParseStorageMode(StorageMode));
        Check(() => PropertyValue.Named("ContainerRuntimeIdentifier", () => string.IsNullOrWhiteSpace(ContainerRuntimeIdentifier) ? null : Oci.Model.Platform.Parse(ContainerRuntimeIdentifier)));
        Check(() => PropertyValue.Named("ContainerRuntimeIdentifiers", () => ImageSettings.ParsePlatforms(ContainerRuntimeIdentifiers)));
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
}
