using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Referrers;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Publish;

/// <summary>Publishes into a registry repository.</summary>
/// <param name="digestCache">
/// Digests of model layers published before: a layer it knows, and the repository holds, is not read again.
/// Null reads and streams every model layer.
/// </param>
/// <param name="log">Where the skipped requests are reported, at detailed verbosity.</param>
public sealed class RegistryImageTarget(RegistryClient client, string repository, LayerDigestCache? digestCache = null, IModelcarLog? log = null) : IImageTarget, IReferrerTarget
{
    private readonly RegistryReferrers _referrers = new(client, repository, log);

    public string Description => $"{client.Registry}/{repository}";

    public int MaxParallelBlobs => int.MaxValue;

    public async Task<BlobOutcome> AddBaseLayerAsync(Descriptor layer, IBlobSource source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (await client.BlobExistsAsync(repository, layer.Digest, cancellationToken)) return BlobOutcome.Existed;

        // Same registry: ask it to link the blob from the base's repository instead of sending it again.
        if (source.Registry == client.Registry && source.Repository is not null && source.Repository != repository
            && await client.TryMountBlobAsync(repository, layer.Digest, source.Repository, cancellationToken))
        {
            return BlobOutcome.Mounted;
        }
        await client.PushBlobAsync(repository, layer, ct => source.OpenBlobAsync(layer.Digest, ct), cancellationToken);
        progress?.Report(layer.Size);
        return BlobOutcome.Uploaded;
    }

    /// <summary>
    /// With a digest cache hit that the repository holds, answers from metadata alone (one HEAD, no file read);
    /// otherwise streams the layer, hashing it on the way (or, compressed, measures it and sends it unless the
    /// repository has it), and records its digest in the cache.
    /// </summary>
    public async Task<AddedModelLayer> AddModelLayerAsync(PlannedLayer layer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // No cache, or a layer the cache cannot know (it streams a remote file): no fingerprint, so no lookup and no record.
        string? fingerprint = digestCache is null ? null : LayerDigestCache.Fingerprint(layer.Content, layer.Compression);
        if (fingerprint is not null && digestCache!.TryGetLayer(fingerprint, out Descriptor cached, out Digest cachedDiffId)
            && (cached.MediaType != MediaTypes.OciLayer || cached.Size == layer.Content.Length)
            && digestCache.TryGetFileDigests(fingerprint, layer.Content))
        {
            if (await client.BlobExistsAsync(repository, cached.Digest, cancellationToken))
            {
                log?.Detail($"  {layer.Description}: unchanged since {cached.Digest.Encoded[..12]} was published, and {repository} has it; not read");
                return new AddedModelLayer(cached, cachedDiffId, BlobOutcome.Existed, cached.MediaType == MediaTypes.OciLayer ? null : layer.Compression.Name());
            }
            log?.Detail($"  {layer.Description}: unchanged since {cached.Digest.Encoded[..12]} was published, but {repository} does not have it; streaming it");
        }

        AddedModelLayer added = await ModelLayerCompression.TryCompressAsync(layer, log, cancellationToken) is { } compressed
            ? await PushCompressedAsync(compressed, progress, cancellationToken)
            : await PushPlainAsync(layer, progress, cancellationToken);
        // Record only when the files did not change while they were read: the digest belongs to this fingerprint.
        if (fingerprint is not null && LayerDigestCache.Fingerprint(layer.Content, layer.Compression) == fingerprint)
        {
            digestCache!.Record(fingerprint, added.Layer, added.DiffId, layer.Content.FileDigests.Snapshot());
        }
        return added;
    }

    private async Task<AddedModelLayer> PushPlainAsync(PlannedLayer layer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // The layer's tar is reproducible, so an interrupted upload re-opens it and resumes at the registry's offset.
        (Digest digest, long size) = await client.PushBlobStreamAsync(repository, _ => Task.FromResult(layer.Content.OpenRead()),
            progress is null ? null : new IncrementalProgress(progress), cancellationToken);
        return new AddedModelLayer(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest, Size = size }, digest, BlobOutcome.Uploaded);
    }

    /// <summary>The digest is known before sending: a repository that has it (another project's identical configs) costs a HEAD.</summary>
    private async Task<AddedModelLayer> PushCompressedAsync(CompressedLayer compressed, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Descriptor blob = compressed.Descriptor;
        if (!await client.PushBlobAsync(repository, blob, _ => Task.FromResult(compressed.OpenRead()), cancellationToken))
        {
            return new AddedModelLayer(blob, compressed.DiffId, BlobOutcome.Existed, compressed.Summary);
        }
        progress?.Report(compressed.PlainLength);
        return new AddedModelLayer(blob, compressed.DiffId, BlobOutcome.Uploaded, compressed.Summary);
    }

    public async Task AddBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        await client.PushBlobAsync(repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(content.ToArray(), writable: false)), cancellationToken);

    public Task AddManifestAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        client.PutManifestAsync(repository, manifest.Digest.ToString(), content, manifest.MediaType, cancellationToken);

    public async Task CommitAsync(Descriptor manifest, ReadOnlyMemory<byte> content, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> references = tags.Count == 0 ? [manifest.Digest.ToString()] : tags;
        foreach (string reference in references)
        {
            // A republish of an unchanged image moves no tag: ask first, and PUT only what differs.
            Descriptor? current = await client.HeadManifestAsync(repository, reference, cancellationToken);
            if (current?.Digest == manifest.Digest)
            {
                log?.Detail($"  {repository}:{reference} already points at {manifest.Digest}; not written again");
                continue;
            }
            await client.PutManifestAsync(repository, reference, content, manifest.MediaType, cancellationToken);
        }
    }

    public Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellationToken) => _referrers.HasBlobAsync(digest, cancellationToken);

    public Task WriteBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => _referrers.WriteBlobAsync(blob, content, cancellationToken);

    public Task WriteReferrerAsync(Descriptor subject, Descriptor entry, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _referrers.WriteReferrerAsync(subject, entry, content, cancellationToken);

    public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, CancellationToken cancellationToken) => _referrers.ListReferrersAsync(subject, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
