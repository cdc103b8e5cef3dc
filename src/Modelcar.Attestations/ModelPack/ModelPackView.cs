using System.Globalization;
using System.Text.Json.Nodes;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;

namespace Modelcar.Attestations.ModelPack;

/// <summary>
/// The CNCF ModelPack view of a modelcar: a model-spec manifest whose layers are the modelcar's own model layer
/// blobs (same digests, relabelled with the spec's media types and <c>org.cncf.model.filepath</c>), so that
/// attaching it uploads only its config and its manifest. See docs/modelpack.md for why the blobs can be shared.
/// </summary>
public static class ModelPackView
{
    public static ReferrerArtifact Build(PublishedModelcar image, ModelPackInfo info)
    {
        if (image.ModelLayers.Count == 0) throw new ArgumentException("A ModelPack view needs at least one model layer.", nameof(image));
        var layers = image.ModelLayers.Select(ToModelPackLayer).ToList();
        byte[] config = BuildConfig(image, info);
        return new ReferrerArtifact(ModelPackMediaTypes.ArtifactType, [.. layers.Select(ReferrerBlob.Existing)])
        {
            Config = ReferrerBlob.FromBytes(ModelPackMediaTypes.Config, config),
            Annotations = info.CreatedAt is { } created
                ? new Dictionary<string, string> { ["org.opencontainers.image.created"] = Rfc3339(created) }
                : null,
            Description = "ModelPack view",
        };
    }

    /// <summary>The modelcar's blob under the spec's label for what it holds; a one-file layer also names its path.</summary>
    private static Descriptor ToModelPackLayer(PublishedModelLayer layer)
    {
        var paths = layer.Files.Select(f => f.TargetPath).ToList();
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelPackMediaTypes.UntestedAnnotation] = "true",
        };
        if (paths.Count == 1) annotations[ModelPackMediaTypes.FilePathAnnotation] = paths[0];
        return new Descriptor
        {
            MediaType = ModelPackMediaTypes.LayerMediaType(ModelPackMediaTypes.KindOf(paths), layer.Layer.MediaType),
            Digest = layer.Layer.Digest,
            Size = layer.Layer.Size,
            Annotations = annotations,
        };
    }

    /// <summary>The model config: descriptor, config (the weights' format where the files say it) and modelfs (the layers' diff_ids).</summary>
    internal static byte[] BuildConfig(PublishedModelcar image, ModelPackInfo info)
    {
        var descriptor = new JsonObject { ["name"] = info.Name };
        if (info.Version is { Length: > 0 } version) descriptor["version"] = version;
        if (info.Revision is { Length: > 0 } revision) descriptor["revision"] = revision;
        if (info.SourceUrl is { Length: > 0 } source) descriptor["sourceURL"] = source;
        if (info.CreatedAt is { } created) descriptor["createdAt"] = Rfc3339(created);
        if (info.Title is { Length: > 0 } title) descriptor["title"] = title;
        if (info.Description is { Length: > 0 } text) descriptor["description"] = text;
        if (info.Licenses.Count > 0) descriptor["licenses"] = new JsonArray([.. info.Licenses.Select(l => (JsonNode)l)]);
        if (info.Authors.Count > 0) descriptor["authors"] = new JsonArray([.. info.Authors.Select(a => (JsonNode)a)]);

        var config = new JsonObject();
        if (WeightFormat(image) is { } format) config["format"] = format;

        var document = new JsonObject
        {
            ["descriptor"] = descriptor,
            ["config"] = config,
            ["modelfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diffIds"] = new JsonArray([.. image.ModelLayers.Select(l => (JsonNode)l.DiffId.ToString())]),
            },
        };
        return CanonicalJson.Serialize(document);
    }

    /// <summary>The weights' file format when every weight file shares one extension (safetensors, gguf, onnx, ...).</summary>
    private static string? WeightFormat(PublishedModelcar image)
    {
        var formats = image.Files.Where(f => ModelPackMediaTypes.KindOf(f.TargetPath) == "weight")
            .Select(f => Path.GetExtension(f.TargetPath).TrimStart('.').ToLowerInvariant())
            .Distinct()
            .ToList();
        return formats.Count == 1 ? formats[0] : null;
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
