using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Publish;

/// <summary>Publishes into a registry repository.</summary>
public sealed class RegistryImageTarget(RegistryClient client, string repository) : IImageTarget
{
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

    public async Task<(Descriptor Layer, BlobOutcome Outcome)> AddModelLayerAsync(PlannedLayer layer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using Stream content = layer.Content.OpenRead();
        (Digest digest, long size) = await client.PushBlobStreamAsync(repository, content, progress, cancellationToken);
        return (new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest, Size = size }, BlobOutcome.Uploaded);
    }

    public async Task AddBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        await client.PushBlobAsync(repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(content.ToArray(), writable: false)), cancellationToken);

    public async Task CommitAsync(Descriptor manifest, ReadOnlyMemory<byte> content, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        foreach (string tag in tags)
        {
            await client.PutManifestAsync(repository, tag, content, manifest.MediaType, cancellationToken);
        }
        if (tags.Count == 0)
        {
            await client.PutManifestAsync(repository, manifest.Digest.ToString(), content, manifest.MediaType, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
