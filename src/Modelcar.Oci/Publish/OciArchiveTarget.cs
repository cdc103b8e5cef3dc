using Modelcar.Oci.Build;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Referrers;

namespace Modelcar.Oci.Publish;

/// <summary>Publishes into an OCI archive file: the output when no registry is set.</summary>
/// <remarks>
/// Referrers (signatures, attestations, the ModelPack view) go in before <see cref="CommitAsync"/>: their
/// manifests are blobs, and index.json names each after the image (with its artifactType), since an OCI layout
/// has no referrers API and no tag scheme for them; a reader finds them by their <c>subject</c>.
/// </remarks>
public sealed class OciArchiveTarget : IImageTarget, IReferrerTarget
{
    private readonly OciArchiveWriter _writer;
    private readonly List<Descriptor> _referrers = [];
    private readonly Dictionary<Digest, Digest> _subjects = [];
    private readonly ImageReference? _name;
    private readonly IModelcarLog? _log;

    private OciArchiveTarget(OciArchiveWriter writer, ImageReference? name, IModelcarLog? log)
    {
        _writer = writer;
        _name = name;
        _log = log;
    }

    /// <param name="name">The image's name, recorded so that <c>podman load</c> and <c>ctr import</c> tag it.</param>
    /// <param name="log">Where a layer that was not worth compressing is reported, at detailed verbosity.</param>
    public static async Task<OciArchiveTarget> CreateAsync(string path, ImageReference? name, long mtime, CancellationToken cancellationToken, IModelcarLog? log = null) =>
        new(await OciArchiveWriter.CreateAsync(path, mtime, cancellationToken), name, log);

    public string Description => _writer.FinalPath;

    public int MaxParallelBlobs => 1;

    public async Task<BlobOutcome> AddBaseLayerAsync(Descriptor layer, IBlobSource source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (_writer.Contains(layer.Digest)) return BlobOutcome.Existed;
        await using Stream content = await source.OpenBlobAsync(layer.Digest, cancellationToken);
        Digest actual = await _writer.AddBlobAsync(content, layer.Size, progress, cancellationToken);
        if (actual != layer.Digest)
        {
            throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"Base image layer {layer.Digest} arrived with digest {actual}. The base registry served corrupt data; nothing was written. Try again.");
        }
        return BlobOutcome.Uploaded;
    }

    public async Task<AddedModelLayer> AddModelLayerAsync(PlannedLayer layer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (await ModelLayerCompression.TryCompressAsync(layer, _log, cancellationToken) is { } compressed)
        {
            Descriptor blob = compressed.Descriptor;
            if (_writer.Contains(blob.Digest)) return new AddedModelLayer(blob, compressed.DiffId, BlobOutcome.Existed, compressed.Summary);
            await using Stream bytes = compressed.OpenRead();
            Digest written = await _writer.AddBlobAsync(bytes, blob.Size, progress: null, cancellationToken);
            if (written != blob.Digest) throw ModelLayerCompression.NotReproducible(layer, blob.Digest, written);
            progress?.Report(compressed.PlainLength);
            return new AddedModelLayer(blob, compressed.DiffId, BlobOutcome.Uploaded, compressed.Summary);
        }
        await using Stream content = layer.Content.OpenRead();
        Digest digest = await _writer.AddBlobAsync(content, layer.Content.Length, progress, cancellationToken);
        return new AddedModelLayer(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest, Size = layer.Content.Length }, digest, BlobOutcome.Uploaded);
    }

    public Task AddBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _writer.AddBlobAsync(blob.Digest, content, cancellationToken);

    public Task AddManifestAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _writer.AddBlobAsync(manifest.Digest, content, cancellationToken);

    /// <remarks>For a multi-platform modelcar, index.json names the modelcar's own index, which names the platforms.</remarks>
    public async Task CommitAsync(Descriptor manifest, ReadOnlyMemory<byte> content, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        await _writer.AddBlobAsync(manifest.Digest, content, cancellationToken);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (tags.Count > 0)
        {
            // One entry, named by the first tag: skopeo reads a single-image archive without being told which.
            annotations[OciAnnotations.RefName] = tags[0];
            if (_name is not null) annotations["io.containerd.image.name"] = (_name with { Tag = tags[0], Digest = null }).ToString();
        }
        var index = new ImageIndex { Manifests = [manifest with { Annotations = annotations.Count == 0 ? null : annotations }, .. _referrers] };
        await _writer.CommitAsync(index, cancellationToken);
    }

    public Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellationToken) => Task.FromResult(_writer.Contains(digest));

    public async Task WriteBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!_writer.Contains(blob.Digest)) await _writer.AddBlobAsync(blob.Digest, content, cancellationToken);
    }

    public async Task WriteReferrerAsync(Descriptor subject, Descriptor entry, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (_subjects.ContainsKey(entry.Digest)) return;
        await _writer.AddBlobAsync(entry.Digest, content, cancellationToken);
        _referrers.Add(entry);
        _subjects[entry.Digest] = subject.Digest;
    }

    public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Descriptor>>([.. _referrers.Where(r => _subjects[r.Digest] == subject.Digest)]);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
