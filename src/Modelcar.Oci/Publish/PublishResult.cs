using Modelcar.Oci.Model;

namespace Modelcar.Oci.Publish;

/// <summary>One layer of the published image and how it got there.</summary>
public sealed record PublishedLayer(Descriptor Descriptor, BlobOutcome Outcome, string Description, bool IsBase);

/// <summary>What a publish produced: the manifest digest that pins the image, and what moved.</summary>
public sealed record PublishResult
{
    /// <summary>The image manifest, or for a multi-platform modelcar the image index.</summary>
    public required Descriptor Manifest { get; init; }

    /// <summary>The config of the first platform.</summary>
    public required Descriptor Config { get; init; }

    /// <summary>For a multi-platform modelcar, each platform's manifest (with its platform) that the index names; else empty.</summary>
    public IReadOnlyList<Descriptor> PlatformManifests { get; init; } = [];

    public required IReadOnlyList<PublishedLayer> Layers { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public bool ClearedBaseEntrypoint { get; init; }

    /// <summary>The model layers with their files and each file's sha256 from the publish's one read.</summary>
    public IReadOnlyList<PublishedModelLayer> ModelLayers { get; init; } = [];

    /// <summary>Every referrer attached to the image (signatures, attestations, the ModelPack view), with its artifactType.</summary>
    public IReadOnlyList<Descriptor> Referrers { get; init; } = [];

    public long BytesUploaded => Layers.Where(l => l.Outcome == BlobOutcome.Uploaded).Sum(l => l.Descriptor.Size);

    public long BytesReused => Layers.Where(l => l.Outcome != BlobOutcome.Uploaded).Sum(l => l.Descriptor.Size);
}
