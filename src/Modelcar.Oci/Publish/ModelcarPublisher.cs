using System.Diagnostics;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Referrers;

namespace Modelcar.Oci.Publish;

/// <summary>
/// Produces the modelcar into a target: base layers and model layers first (in parallel where the target
/// allows), then the config, then the manifest. The manifest names every blob, so writing it last means a
/// failed or cancelled publish never leaves a tag pointing at a half-uploaded image.
/// </summary>
public sealed class ModelcarPublisher(IModelcarLog log)
{
    /// <summary>How often a progress line is written while layers move (ModelcarProgressInterval).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<PublishResult> PublishAsync(ModelcarImageRequest request, IImageTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // A multi-platform base shares layers between platforms: each distinct one moves once. Inherited model layers
        // (oci:// sources) are existing blobs too: they take the base layers' path (mount or copy).
        var carried = request.AllBases
            .SelectMany(b => b.Layers.Select(layer => (Layer: layer, Blobs: b.Blobs!, IsBase: true)))
            .DistinctBy(x => x.Layer.Digest)
            .Select((x, i) => (x.Layer, x.Blobs, Description: $"base layer {i + 1}", x.IsBase))
            .Concat(request.InheritedLayers.Select(l => (l.Layer, l.Blobs, l.Description, IsBase: false)))
            .ToList();
        long total = request.Layers.Sum(l => l.Content.Length) + carried.Sum(x => x.Layer.Size);
        log.Info($"Publishing {request.Layers.Count} model layer(s) ({ByteSize.Format(request.Layers.Sum(l => l.Content.Length))}) on {string.Join(", ", request.AllBases.Select(DescribeBase))} to {target.Description}");
        using var progress = new TransferProgress(log, total, ProgressInterval);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(request.Parallelism, target.MaxParallelBlobs)),
            CancellationToken = cancellationToken,
        };

        var baseLayers = new PublishedLayer[carried.Count];
        await Parallel.ForAsync(0, baseLayers.Length, options, async (i, ct) =>
        {
            (Descriptor layer, IBlobSource blobs, string description, bool isBase) = carried[i];
            BlobOutcome outcome;
            using (progress.Moving(description)) outcome = await target.AddBaseLayerAsync(layer, blobs, progress, ct);
            baseLayers[i] = new PublishedLayer(layer, outcome, description, isBase);
            string line = $"  {(isBase ? "base" : "inherited model")} layer {layer.Digest.Encoded[..12]} {ByteSize.Format(layer.Size)}: {outcome.ToString().ToLowerInvariant()}";
            if (isBase) log.Detail(line); else log.Info(line);
        });

        var modelLayers = new PublishedLayer[request.Layers.Count];
        var diffIds = new Digest[request.Layers.Count];
        var layerFiles = new IReadOnlyList<LayerFile>[request.Layers.Count];
        await Parallel.ForAsync(0, modelLayers.Length, options, async (i, ct) =>
        {
            PlannedLayer planned = request.Layers[i];
            var layerClock = Stopwatch.StartNew();
            AddedModelLayer added;
            using (progress.Moving($"layer {i + 1}/{modelLayers.Length} {planned.Name}")) added = await target.AddModelLayerAsync(planned, progress, ct);
            (Descriptor layer, BlobOutcome outcome) = (added.Layer, added.Outcome);
            modelLayers[i] = new PublishedLayer(layer, outcome, planned.Description, IsBase: false);
            diffIds[i] = added.DiffId;
            // Each file's sha256 from the read that just streamed the layer (or, unread, from the digest cache entry of the one before).
            layerFiles[i] = [.. planned.Files.Select(f => new LayerFile(f.TargetPath, f.Size, planned.Sha256Of(f) is { } sha256 ? Digest.Parse("sha256:" + sha256) : null))];
            string rate = outcome == BlobOutcome.Uploaded ? $" in {layerClock.Elapsed.TotalSeconds:0.0} s ({ByteSize.Rate(layer.Size, layerClock.Elapsed)})" : "";
            string compressed = added.Compressed is null ? "" : $" ({added.Compressed})";
            log.Info($"  layer {i + 1}/{modelLayers.Length} {planned.Name}: {ByteSize.Format(layer.Size)}{compressed} {outcome.ToString().ToLowerInvariant()}{rate}");
        });

        var images = new List<PlatformImage>();
        foreach (BaseImage baseImage in request.AllBases)
        {
            images.Add(await AddPlatformImageAsync(request, baseImage, modelLayers, diffIds, target, cancellationToken));
        }
        bool clearedEntrypoint = images.Any(i => i.ClearedEntrypoint);
        if (clearedEntrypoint)
        {
            log.Info($"  the base image's ENTRYPOINT was cleared: KServe starts the modelcar with args only");
        }

        (Descriptor manifestDescriptor, byte[] manifestBytes) = images.Count == 1
            ? (images[0].Manifest with { Platform = null }, images[0].Content)
            : await AddIndexAsync(request, images, target, cancellationToken);
        IReadOnlyList<PublishedModelLayer> publishedLayers =
        [
            .. request.InheritedLayers.Select(l => new PublishedModelLayer(l.Layer, l.DiffId, [.. l.Files.Select(f => new LayerFile(f.TargetPath, f.Size, null))], Inherited: true)),
            .. modelLayers.Select((l, i) => new PublishedModelLayer(l.Descriptor, diffIds[i], layerFiles[i], Inherited: false)),
        ];
        IReadOnlyList<Descriptor> referrers = await AttachReferrersAsync(request, new PublishedModelcar(manifestDescriptor, publishedLayers), manifestBytes, target, cancellationToken);
        await target.CommitAsync(manifestDescriptor, manifestBytes, request.Tags, cancellationToken);

        var result = new PublishResult
        {
            Manifest = manifestDescriptor,
            Config = images[0].Config,
            PlatformManifests = images.Count == 1 ? [] : [.. images.Select(i => i.Manifest)],
            Layers = [.. baseLayers, .. modelLayers],
            Tags = request.Tags,
            ClearedBaseEntrypoint = clearedEntrypoint,
            ModelLayers = publishedLayers,
            Referrers = referrers,
        };
        log.Info($"Published {manifestDescriptor.Digest} in {clock.Elapsed.TotalSeconds:0.0} s: {ByteSize.Format(result.BytesUploaded)} written, {ByteSize.Format(result.BytesReused)} reused");
        return result;
    }

    /// <summary>
    /// Runs the referrer producers and attaches what they make. The image's manifest is written by digest first,
    /// so that a registry sees each referrer's subject; its tags move only after every referrer is in.
    /// </summary>
    private async Task<IReadOnlyList<Descriptor>> AttachReferrersAsync(
        ModelcarImageRequest request, PublishedModelcar image, byte[] manifestBytes, IImageTarget target, CancellationToken cancellationToken)
    {
        if (request.ReferrerProducers.Count == 0) return [];
        if (target is not IReferrerTarget referrerTarget)
        {
            throw new InvalidOperationException($"{target.Description} cannot store referrers.");
        }
        var artifacts = new List<ReferrerArtifact>();
        foreach (ReferrerProducer produce in request.ReferrerProducers) artifacts.AddRange(await produce(image, cancellationToken));
        if (artifacts.Count == 0) return [];

        await target.AddManifestAsync(image.Subject with { Platform = null }, manifestBytes, cancellationToken);
        var attached = new List<Descriptor>();
        foreach (ReferrerArtifact artifact in artifacts)
        {
            Descriptor referrer = await ReferrerPublisher.AttachAsync(referrerTarget, image.Subject, artifact, cancellationToken);
            attached.Add(referrer);
            log.Info($"  attached {artifact.Description ?? artifact.ArtifactType} as {referrer.Digest.Encoded[..12]} ({referrer.ArtifactType})");
        }
        return attached;
    }

    /// <summary>One platform's config and manifest: the base's layers, then the shared model layers (whose uncompressed digests the config lists).</summary>
    private static async Task<PlatformImage> AddPlatformImageAsync(
        ModelcarImageRequest request, BaseImage baseImage, PublishedLayer[] modelLayers, Digest[] diffIds, IImageTarget target, CancellationToken cancellationToken)
    {
        byte[] config = ImageConfigBuilder.Build(
            baseImage,
            request.User,
            modelLayers.Select((l, i) => (diffIds[i], l.Description)).ToList(),
            request.Created,
            out bool clearedEntrypoint,
            request.InheritedLayers,
            request.Labels,
            request.Environment);
        var configDescriptor = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256(config), Size = config.Length };
        await target.AddBlobAsync(configDescriptor, config, cancellationToken);

        ImageManifest manifest = ManifestBuilder.Build(baseImage, request.InheritedLayers.Select(l => l.Layer).Concat(modelLayers.Select(l => l.Descriptor)), configDescriptor, request.Annotations);
        byte[] content = OciJson.Serialize(manifest);
        var descriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.ComputeSha256(content), Size = content.Length, Platform = baseImage.Platform };
        return new PlatformImage(descriptor, content, configDescriptor, clearedEntrypoint);
    }

    /// <summary>Writes every platform manifest by digest, then returns the index that names them (not yet tagged).</summary>
    private static async Task<(Descriptor, byte[])> AddIndexAsync(ModelcarImageRequest request, List<PlatformImage> images, IImageTarget target, CancellationToken cancellationToken)
    {
        foreach (PlatformImage image in images) await target.AddManifestAsync(image.Manifest, image.Content, cancellationToken);
        var index = new ImageIndex
        {
            Manifests = [.. images.Select(i => i.Manifest)],
            Annotations = request.Annotations.Count == 0 ? null : new SortedDictionary<string, string>(request.Annotations.ToDictionary(), StringComparer.Ordinal),
        };
        byte[] content = OciJson.Serialize(index);
        return (new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.ComputeSha256(content), Size = content.Length }, content);
    }

    private sealed record PlatformImage(Descriptor Manifest, byte[] Content, Descriptor Config, bool ClearedEntrypoint);

    private static string DescribeBase(BaseImage baseImage) =>
        baseImage.IsScratch ? $"no base (scratch, {baseImage.Platform})" : $"{baseImage.DisplayName} ({baseImage.Platform})";
}
