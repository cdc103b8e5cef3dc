using Modelcar.Oci.Model;

namespace Modelcar.Oci.Publish;

/// <summary>One layer of the published image and how it got there.</summary>
public sealed record PublishedLayer(Descriptor Descriptor, BlobOutcome Outcome, string Description, bool IsBase);

/// <summary>What a publish produced: the manifest digest that pins the image, and what moved.</summary>
public sealed record PublishResult
{
    public required Descriptor Manifest { get; init; }

    public required Descriptor Config { get; init; }

    public required IReadOnlyList<PublishedLayer> Layers { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public bool ClearedBaseEntrypoint { get; init; }

    public long BytesUploaded => Layers.Where(l => l.Outcome == BlobOutcome.Uploaded).Sum(l => l.Descriptor.Size);

    public long BytesReused => Layers.Where(l => l.Outcome != BlobOutcome.Uploaded).Sum(l => l.Descriptor.Size);
}
