using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build;

/// <summary>One layer the modelcar will add on top of its base, before its bytes are produced.</summary>
public sealed record PlannedLayer(IReadOnlyList<PlannedFile> Files, LayerContent Content)
{
    /// <summary>What progress lines call this layer: its one file's path, or how many files it holds.</summary>
    /// <summary>Gzip or zstd for a layer of small files when the project asks for it; model weights stay plain tar.</summary>
    public LayerCompression Compression { get; init; }

    /// <summary>The folder the files sit under inside the tar (<see cref="LayerPlanOptions.ModelsRoot"/>).</summary>
    public string ModelsRoot { get; init; } = "models";

    public string Name => Files.Count == 1 ? Files[0].TargetPath : $"{Files.Count} files";

    /// <summary>What the image history says about this layer, e.g. <c>COPY model-00001.safetensors /models/</c>.</summary>
    public string Description => $"COPY {Name} /models/";

    /// <summary>
    /// Each file's sha256 as the layer's read took it (see <see cref="LayerContent.TryGetFileDigest"/>);
    /// null while any file has not been read whole (a layer answered from the digest cache, not read at all).
    /// </summary>
    public IReadOnlyList<LayerFile>? ReadFileDigests()
    {
        var digests = new List<LayerFile>(Files.Count);
        foreach (PlannedFile file in Files)
        {
            if (!Content.TryGetFileDigest($"{ModelsRoot.TrimEnd('/')}/{file.TargetPath}", out var digest)) return null;
            digests.Add(new LayerFile(file.TargetPath, file.Size, digest));
        }
        return digests;
    }
}
