using System.Diagnostics;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Publish;

/// <summary>
/// Produces the modelcar into a target: base layers and model layers first (in parallel where the target
/// allows), then the config, then the manifest. The manifest names every blob, so writing it last means a
/// failed or cancelled publish never leaves a tag pointing at a half-uploaded image.
/// </summary>
public sealed class ModelcarPublisher(IOciLog log)
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    public async Task<PublishResult> PublishAsync(ModelcarImageRequest request, IImageTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long total = request.Layers.Sum(l => l.Content.Length) + request.Base.Layers.Sum(l => l.Size) + request.InheritedLayers.Sum(l => l.Layer.Size);
        log.Info($"Publishing {request.Layers.Count} model layer(s) ({ByteSize.Format(request.Layers.Sum(l => l.Content.Length))}) on {DescribeBase(request.Base)} to {target.Description}");
        using var progress = new TransferProgress(log, total, ProgressInterval);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(request.Parallelism, target.MaxParallelBlobs)),
            CancellationToken = cancellationToken,
        };

        // Inherited model layers (oci:// sources) are existing blobs too: they take the base layers' path (mount or copy).
        var carried = request.Base.Layers.Select((l, i) => (Layer: l, Blobs: request.Base.Blobs!, Description: $"base layer {i + 1}", IsBase: true))
            .Concat(request.InheritedLayers.Select(l => (l.Layer, l.Blobs, l.Description, IsBase: false)))
            .ToList();
        var baseLayers = new PublishedLayer[carried.Count];
        await Parallel.ForAsync(0, baseLayers.Length, options, async (i, ct) =>
        {
            (Descriptor layer, IBlobSource blobs, string description, bool isBase) = carried[i];
            BlobOutcome outcome = await target.AddBaseLayerAsync(layer, blobs, progress, ct);
            baseLayers[i] = new PublishedLayer(layer, outcome, description, isBase);
            string line = $"  {(isBase ? "base" : "inherited model")} layer {layer.Digest.Encoded[..12]} {ByteSize.Format(layer.Size)}: {outcome.ToString().ToLowerInvariant()}";
            if (isBase) log.Detail(line); else log.Info(line);
        });

        var modelLayers = new PublishedLayer[request.Layers.Count];
        await Parallel.ForAsync(0, modelLayers.Length, options, async (i, ct) =>
        {
            PlannedLayer planned = request.Layers[i];
            var layerClock = Stopwatch.StartNew();
            (Descriptor layer, BlobOutcome outcome) = await target.AddModelLayerAsync(planned, progress, ct);
            modelLayers[i] = new PublishedLayer(layer, outcome, planned.Description, IsBase: false);
            string rate = outcome == BlobOutcome.Uploaded ? $" in {layerClock.Elapsed.TotalSeconds:0.0} s ({ByteSize.Rate(layer.Size, layerClock.Elapsed)})" : "";
            log.Info($"  layer {i + 1}/{modelLayers.Length} {planned.Name}: {ByteSize.Format(layer.Size)} {outcome.ToString().ToLowerInvariant()}{rate}");
        });

        byte[] config = ImageConfigBuilder.Build(
            request.Base,
            request.User,
            modelLayers.Select(l => (l.Descriptor, l.Description)).ToList(),
            request.Created,
            out bool clearedEntrypoint,
            request.InheritedLayers);
        if (clearedEntrypoint)
        {
            log.Info($"  the base image's ENTRYPOINT was cleared: KServe starts the modelcar with args only");
        }
        var configDescriptor = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256(config), Size = config.Length };
        await target.AddBlobAsync(configDescriptor, config, cancellationToken);

        ImageManifest manifest = ManifestBuilder.Build(request.Base, request.InheritedLayers.Select(l => l.Layer).Concat(modelLayers.Select(l => l.Descriptor)), configDescriptor, request.Annotations);
        byte[] manifestBytes = OciJson.Serialize(manifest);
        var manifestDescriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.ComputeSha256(manifestBytes), Size = manifestBytes.Length };
        await target.CommitAsync(manifestDescriptor, manifestBytes, request.Tags, cancellationToken);

        var result = new PublishResult
        {
            Manifest = manifestDescriptor,
            Config = configDescriptor,
            Layers = [.. baseLayers, .. modelLayers],
            Tags = request.Tags,
            ClearedBaseEntrypoint = clearedEntrypoint,
        };
        log.Info($"Published {manifestDescriptor.Digest} in {clock.Elapsed.TotalSeconds:0.0} s: {ByteSize.Format(result.BytesUploaded)} written, {ByteSize.Format(result.BytesReused)} reused");
        return result;
    }

    private static string DescribeBase(BaseImage baseImage) =>
        baseImage.IsScratch ? $"no base (scratch, {baseImage.Platform})" : $"{baseImage.Reference} ({baseImage.Platform})";
}
