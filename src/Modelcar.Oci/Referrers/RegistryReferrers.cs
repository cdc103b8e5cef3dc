using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Referrers;

/// <summary>
/// Referrers in a registry repository. A registry with the referrers API (it answers a manifest PUT with
/// <c>OCI-Subject</c>, and <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> with an index) lists them itself;
/// on one without it (Debian's docker-registry 2.8) this keeps the spec's fallback: an image index tagged
/// <c>sha256-&lt;hex&gt;</c> that lists every referrer, read, extended and written back, as cosign and oras do.
/// </summary>
public sealed class RegistryReferrers(RegistryClient client, string repository, IModelcarLog? log = null) : IReferrerTarget
{
    public string Description => $"{client.Registry}/{repository}";

    public Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellationToken) => client.BlobExistsAsync(repository, digest, cancellationToken);

    public async Task WriteBlobAsync(Descriptor blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        await client.PushBlobAsync(repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(content.ToArray(), writable: false)), cancellationToken);

    public async Task WriteReferrerAsync(Descriptor subject, Descriptor entry, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (await client.PutReferrerManifestAsync(repository, entry.Digest, content, subject.Digest, cancellationToken)) return;
        await AddToFallbackIndexAsync(subject.Digest, entry, cancellationToken);
    }

    /// <summary>The referrers API's answer; on a 404, the fallback index's entries (none when the tag does not exist).</summary>
    public async Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, CancellationToken cancellationToken) =>
        await client.GetReferrersAsync(repository, subject.Digest, cancellationToken)
        ?? (await ReadFallbackIndexAsync(subject.Digest, cancellationToken))?.Manifests
        ?? [];

    /// <summary>True when the registry answers the referrers API (200); false when it answers 404.</summary>
    public async Task<bool> SupportsReferrersApiAsync(Descriptor subject, CancellationToken cancellationToken) =>
        await client.GetReferrersAsync(repository, subject.Digest, cancellationToken) is not null;

    /// <summary>
    /// The spec's steps for a registry that did not take the subject: pull the tag's index (or start empty),
    /// keep every entry it has, add this one unless it is there, push it back under the same tag. Two publishes
    /// racing on one subject can lose an entry: the spec leaves that to the client, and docker-registry has no
    /// conditional PUT; a registry with the referrers API has no such race.
    /// </summary>
    private async Task AddToFallbackIndexAsync(Digest subject, Descriptor entry, CancellationToken cancellationToken)
    {
        string tag = ReferrersTag.For(subject);
        ImageIndex current = await ReadFallbackIndexAsync(subject, cancellationToken) ?? new ImageIndex { Manifests = [] };
        if (current.Manifests.Any(m => m.Digest == entry.Digest))
        {
            log?.Detail($"  {repository}:{tag} already lists {entry.Digest}");
            return;
        }
        ImageIndex updated = current with { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [.. current.Manifests, entry] };
        await client.PutManifestAsync(repository, tag, OciJson.Serialize(updated), MediaTypes.OciIndex, cancellationToken);
        log?.Detail($"  {repository}:{tag} (referrers fallback index) now lists {updated.Manifests.Count} referrer(s)");
    }

    /// <summary>The fallback tag's index; null when the tag does not exist. Anything but an index there is not ours to overwrite.</summary>
    private async Task<ImageIndex?> ReadFallbackIndexAsync(Digest subject, CancellationToken cancellationToken)
    {
        string tag = ReferrersTag.For(subject);
        ManifestResult? existing = await client.GetManifestAsync(repository, tag, cancellationToken);
        if (existing is null) return null;
        if (existing.MediaType != MediaTypes.OciIndex)
        {
            throw new ModelcarException(ErrorCodes.ReferrersTagNotIndex,
                $"The tag '{repository}:{tag}' is the distribution spec's referrers fallback tag for {subject}, but it holds a {existing.MediaType}, not an OCI image index, so it cannot list referrers. " +
                "Delete or move that tag in the registry (it is not an image anyone should pull), then publish again.");
        }
        return OciJson.Deserialize<ImageIndex>(existing.Content, $"referrers fallback index '{repository}:{tag}'");
    }
}
