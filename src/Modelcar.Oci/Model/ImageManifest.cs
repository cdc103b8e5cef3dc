using System.Text.Json.Serialization;

namespace Modelcar.Oci.Model;

/// <summary>An OCI image manifest (also reads Docker v2 schema 2 manifests, which share the shape).</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = MediaTypes.OciManifest;

    /// <summary>An OCI 1.1 artifact's type (a signature, an attestation, a ModelPack view); null for an image.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    /// <summary>The manifest this one refers to (OCI 1.1 referrers); null for an image.</summary>
    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public SortedDictionary<string, string>? Annotations { get; init; }
}
