using System.Text.Json.Serialization;

namespace Modelcar.Oci.Model;

/// <summary>An OCI image manifest (also reads Docker v2 schema 2 manifests, which share the shape).</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = MediaTypes.OciManifest;

    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    [JsonPropertyName("annotations")]
    public SortedDictionary<string, string>? Annotations { get; init; }
}
