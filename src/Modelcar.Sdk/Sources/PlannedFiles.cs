using System.Diagnostics;
using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;
using Modelcar.Sources;

namespace Modelcar.Sdk.Sources;

/// <summary>The resolved files a publish writes into new layers, as the layer planner takes them.</summary>
public static class PlannedFiles
{
    /// <summary>
    /// Every file but those carried in an oci:// source's layers (they keep their layers and are not planned again),
    /// each with where its layer reads it from.
    /// </summary>
    public static IReadOnlyList<PlannedFile> Of(IEnumerable<ResolvedModelFile> files) => files.SelectMany(Of).ToList();

    private static IEnumerable<PlannedFile> Of(ResolvedModelFile file) => file.Content switch
    {
        LocalContent local => [new PlannedFile(file.TargetPath, file.Size, new LocalFile(local.Path))],
        StreamedContent streamed => [new PlannedFile(file.TargetPath, file.Size, new StreamedFile(streamed.Address, streamed.Open))],
        CarriedContent => [],
        _ => throw new UnreachableException($"Unknown model file content {file.Content.GetType().Name}."),
    };
}
