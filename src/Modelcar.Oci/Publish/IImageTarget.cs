using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Publish;

/// <summary>How a blob reached the target: what the end-of-publish summary counts.</summary>
public enum BlobOutcome
{
    /// <summary>Its bytes were sent.</summary>
    Uploaded,

    /// <summary>The target already had it; nothing was sent.</summary>
    Existed,

    /// <summary>The registry linked it from another repository (cross-repository mount); nothing was sent.</summary>
    Mounted,
}

/// <summary>A model layer as it went into the target.</summary>
/// <param name="Layer">The blob the manifest names.</param>
/// <param name="DiffId">The digest of its uncompressed tar, which the config lists: <see cref="Descriptor.Digest"/> for a plain tar.</param>
/// <param name="Compressed">For the log, when the layer went compressed: e.g. <c>zstd, 1.2 MiB from 4.8 MiB</c>.</param>
public sealed record AddedModelLayer(Descriptor Layer, Digest DiffId, BlobOutcome Outcome, string? Compressed = null);

/// <summary>
/// Where a built image goes: a registry repository or an OCI archive. The publisher calls these in order:
/// blobs (in parallel where <see cref="MaxParallelBlobs"/> allows), then the config, then
/// <see cref="CommitAsync"/>, which alone makes the image visible under its tags.
/// Progress is reported in increments (bytes moved since the last report), because the blobs of one
/// publish move in parallel and add into one counter.
/// </summary>
public interface IImageTarget : IAsyncDisposable
{
    /// <summary>For the log: <c>quay.io/acme/model</c> or the archive's path.</summary>
    string Description { get; }

    /// <summary>How many blobs may be written at once; an archive is one file and takes one at a time.</summary>
    int MaxParallelBlobs { get; }

    /// <summary>
    /// Carries an existing layer (a base layer, or an inherited model layer of an <c>oci://</c> source) into the
    /// target as the blob it is: already there, mounted from its repository, or copied; never re-tarred.
    /// </summary>
    Task<BlobOutcome> AddCarriedLayerAsync(Descriptor layer, IBlobSource source, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Streams a planned layer (compressed where it asks and that pays), hashing it on the way.</summary>
    Task<AddedModelLayer> AddModelLayerAsync(PlannedLayer layer, IProgress<long>? progress, CancellationToken cancellationToken);

    Task AddBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Writes a platform manifest that an index will name: by its digest, under no tag.</summary>
    Task AddManifestAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Writes the manifest (or index) under every tag. Called only once every blob and platform manifest is in.</summary>
    Task CommitAsync(Descriptor manifest, ReadOnlyMemory<byte> content, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}
