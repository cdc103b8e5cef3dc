using System.Text.Json.Serialization;

namespace Modelcar.Oci.Model;

/// <summary>An OCI image index (also reads Docker manifest lists, which share the shape).</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = MediaTypes.OciIndex;

    [JsonPropertyName("manifests")]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    [JsonPropertyName("annotations")]
    public SortedDictionary<string, string>? Annotations { get; init; }
}
