using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Model;
using Modelcar.Oci.Referrers;

namespace Modelcar.Oci.Publish;

/// <summary>A model layer of the published modelcar and the files in it.</summary>
/// <param name="Layer">The blob as the modelcar's manifest names it (media type, digest, size).</param>
/// <param name="DiffId">The digest of its uncompressed tar.</param>
public sealed record PublishedModelLayer(Descriptor Layer, Digest DiffId, IReadOnlyList<LayerFile> Files, bool Inherited);

/// <summary>
/// The modelcar once its manifest (or index) is in the target and before its tags move: what referrer
/// producers (the ModelPack view, in-toto statements, signatures) are built from. Every file digest here comes
/// from the publish's one read of the model; a producer never opens a model file.
/// </summary>
/// <param name="Subject">The image manifest, or the index of a multi-platform modelcar: what referrers point at.</param>
/// <param name="ModelLayers">The model layers in image order: inherited (<c>oci://</c>) ones first, then the new ones.</param>
public sealed record PublishedModelcar(Descriptor Subject, IReadOnlyList<PublishedModelLayer> ModelLayers)
{
    /// <summary>Every model file, in path order.</summary>
    public IReadOnlyList<LayerFile> Files => [.. ModelLayers.SelectMany(l => l.Files).OrderBy(f => f.TargetPath, StringComparer.Ordinal)];
}

/// <summary>
/// Makes artifacts to attach to the published modelcar as OCI 1.1 referrers. Producers run in order once the
/// image's manifest is written and before its tags are, so a tag never names an image whose signatures and
/// attestations are still missing.
/// </summary>
public delegate Task<IReadOnlyList<ReferrerArtifact>> ReferrerProducer(PublishedModelcar image, CancellationToken cancellationToken);
