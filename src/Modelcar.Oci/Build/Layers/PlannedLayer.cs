using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build.Layers;

/// <summary>One layer the modelcar will add on top of its base, before its bytes are produced.</summary>
public sealed record PlannedLayer(IReadOnlyList<PlannedFile> Files, LayerContent Content)
{
    /// <summary>What progress lines call this layer: its one file's path, or how many files it holds.</summary>
    /// <summary>Gzip or zstd for a layer of small files when the project asks for it; model weights stay plain tar.</summary>
    public LayerCompression Compression { get; init; }

    /// <summary>The folder the files go under in the tar (<see cref="LayerPlanOptions.ModelsRoot"/>).</summary>
    public string ModelsRoot { get; init; } = "models";

    /// <summary>The sha256 of a file of this layer, once the layer's bytes were read (or taken from the digest cache).</summary>
    public string? Sha256Of(PlannedFile file) => Content.FileDigests.Get($"{ModelsRoot.TrimEnd('/')}/{file.TargetPath}");

    public string Name => Files.Count == 1 ? Files[0].TargetPath : $"{Files.Count} files";

    /// <summary>What the image history says about this layer, e.g. <c>COPY model-00001.safetensors /models/</c>.</summary>
    public string Description => $"COPY {Name} /models/";
}
