using Microsoft.Build.Framework;
using Modelcar.Publishing;

namespace Modelcar.Sdk.Conventions;

/// <summary>
/// The .NET SDK's <c>ContainerLabel</c> and <c>ContainerEnvironmentVariable</c> items (Include = the name, <c>Value</c>
/// metadata = the value) as the entries <see cref="ContainerConfig"/> checks for the image config.
/// </summary>
public static class ContainerConfigItems
{
    public static IReadOnlyList<KeyValuePair<string, string>> Entries(ITaskItem[]? items) =>
        [.. (items ?? []).Select(item => new KeyValuePair<string, string>(item.ItemSpec, item.GetMetadata("Value")))];
}
