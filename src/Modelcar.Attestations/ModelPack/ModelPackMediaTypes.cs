using Modelcar.Oci.Model;

namespace Modelcar.Attestations.ModelPack;

/// <summary>The CNCF model-spec (ModelPack) v1 media types and annotation keys this SDK writes.</summary>
public static class ModelPackMediaTypes
{
    public const string ArtifactType = "application/vnd.cncf.model.manifest.v1+json";
    public const string Config = "application/vnd.cncf.model.config.v1+json";

    /// <summary>The path of the layer's file, relative to the model root.</summary>
    public const string FilePathAnnotation = "org.cncf.model.filepath";

    /// <summary>"true": the layer's kind (weight, config, doc, code) was guessed from file names, not checked.</summary>
    public const string UntestedAnnotation = "org.cncf.model.file.mediatype.untested";

    /// <summary>What a file is to the spec: <c>weight</c>, <c>weight.config</c>, <c>doc</c> or <c>code</c>.</summary>
    public static string KindOf(string path)
    {
        string name = path[(path.LastIndexOf('/') + 1)..];
        string extension = Path.GetExtension(name).ToLowerInvariant();
        if (WeightExtensions.Contains(extension)) return "weight";
        if (extension is ".md" or ".rst" or ".pdf" || name.StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("README", StringComparison.OrdinalIgnoreCase) || name.StartsWith("NOTICE", StringComparison.OrdinalIgnoreCase))
        {
            return "doc";
        }
        if (extension is ".py" or ".sh" or ".ipynb") return "code";
        return "weight.config";
    }

    /// <summary>A layer of several files takes one kind: theirs when they all agree, else <c>weight.config</c> (or <c>weight</c> when it holds weights).</summary>
    public static string KindOf(IReadOnlyCollection<string> paths)
    {
        var kinds = paths.Select(KindOf).Distinct().ToList();
        return kinds.Count == 1 ? kinds[0] : kinds.Contains("weight") ? "weight" : "weight.config";
    }

    /// <summary>
    /// The spec's tar media type of that kind for the modelcar layer's own compression: the bytes are the
    /// modelcar's tar (plain, gzip or zstd) either way, so only the label changes.
    /// </summary>
    public static string LayerMediaType(string kind, string modelcarLayerMediaType) => modelcarLayerMediaType switch
    {
        MediaTypes.OciLayer or MediaTypes.DockerLayer => $"application/vnd.cncf.model.{kind}.v1.tar",
        MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip => $"application/vnd.cncf.model.{kind}.v1.tar+gzip",
        MediaTypes.OciLayerZstd => $"application/vnd.cncf.model.{kind}.v1.tar+zstd",
        _ => throw new ArgumentException($"No ModelPack media type matches a {modelcarLayerMediaType} layer.", nameof(modelcarLayerMediaType)),
    };

    private static readonly HashSet<string> WeightExtensions =
    [
        ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".ggml", ".onnx", ".h5", ".keras", ".pb", ".tflite",
        ".msgpack", ".npz", ".npy", ".pkl", ".joblib", ".mlmodel", ".engine", ".plan", ".nemo", ".model",
    ];
}
