using Modelcar.Oci.Model;

namespace Modelcar.Oci.Referrers;

/// <summary>
/// One blob an artifact names: either bytes to write (a bundle, a statement, a config), or a blob the target
/// already holds (a modelcar layer that the ModelPack view names again, so that no byte moves twice).
/// </summary>
public sealed record ReferrerBlob
{
    /// <summary>How the artifact's manifest names the blob: media type, digest, size and annotations.</summary>
    public required Descriptor Descriptor { get; init; }

    /// <summary>The bytes to write; null when the target already holds the blob (checked before the manifest is written).</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>A new blob: its digest and size are computed from <paramref name="content"/>.</summary>
    public static ReferrerBlob FromBytes(string mediaType, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string>? annotations = null) => new()
    {
        Descriptor = new Descriptor
        {
            MediaType = mediaType,
            Digest = Digest.ComputeSha256(content.Span),
            Size = content.Length,
            Annotations = Sorted(annotations),
        },
        Content = content,
    };

    /// <summary>A blob already in the target (e.g. a model layer), named under <paramref name="descriptor"/>'s media type and annotations.</summary>
    public static ReferrerBlob Existing(Descriptor descriptor) => new() { Descriptor = descriptor };

    internal static SortedDictionary<string, string>? Sorted(IReadOnlyDictionary<string, string>? annotations) =>
        annotations is null || annotations.Count == 0 ? null : new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal);
}
