using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry;

/// <summary>
/// A client for one registry's OCI distribution API: manifests and blobs, read and written, with cross-repository
/// mounts and chunked uploads. Safe to share across parallel uploads; dispose it when the publish is done.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryTransport _transport;
    private readonly RegistryClientOptions _options;
    private readonly ChunkSizing _chunks;

    public RegistryClient(string registry, RegistryClientOptions? options = null)
    {
        ImageReference.ValidateRegistry(registry);
        _options = options ?? new RegistryClientOptions();
        if (_options.ChunkSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ChunkSize, "ChunkSize must be positive.");
        }
        Registry = registry;
        _transport = new RegistryTransport(registry, _options);
        TimeSpan? window = _options.UploadWindow ?? Limits.RegistryLimits.For(_transport.ApiHost)?.UploadWindow ?? Limits.RegistryLimits.For(registry)?.UploadWindow;
        _chunks = new ChunkSizing(_transport.ApiHost, _options.ChunkSize, window is { } w && w > TimeSpan.Zero ? new UploadWindow(w, _options.Time) : null);
        if (!_options.WholeBlobUploads) _chunks.RefuseWholeBlobRequests();
    }

    /// <summary>The registry as the user wrote it, e.g. <c>quay.io</c>, <c>docker.io</c> or <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    private IModelcarLog Log => _options.Log;

    /// <summary>Reads a manifest or index by tag or digest; null when the registry has no such manifest.</summary>
    public async Task<ManifestResult?> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        using var response = await _transport.SendAsync(b => ManifestRequest(HttpMethod.Get, b, repository, reference),
            RegistryScopes.Pull(repository), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, $"reading the manifest '{repository}:{reference}'", ct).ConfigureAwait(false);

        byte[] content = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        string mediaType = ManifestMediaType(response.Content.Headers.ContentType?.MediaType, content, $"{repository}:{reference}");
        var digest = Digest.ComputeSha256(content);
        if (Digest.TryParse(reference, out var requested))
        {
            var actual = BlobDigests.Compute(requested.Algorithm, content);
            if (actual != requested) throw BlobDigests.Mismatch(Registry, requested, actual);
            digest = requested;
        }
        else if (HeaderDigest(response) is { Algorithm: "sha256" } announced && announced != digest)
        {
            throw BlobDigests.Mismatch(Registry, announced, digest);
        }
        return new ManifestResult(content, mediaType, digest);
    }

    /// <summary>
    /// Asks for a manifest's descriptor without its body (cheap, and not counted by Docker Hub's pull limit);
    /// null when it does not exist. Falls back to a GET when the registry leaves out the digest header.
    /// </summary>
    public async Task<Descriptor?> HeadManifestAsync(string repository, string reference, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        using (var response = await _transport.SendAsync(b => ManifestRequest(HttpMethod.Head, b, repository, reference),
                   RegistryScopes.Pull(repository), ct).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"checking the manifest '{repository}:{reference}'", ct).ConfigureAwait(false);
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            Digest? digest = HeaderDigest(response) ?? (Digest.TryParse(reference, out var d) ? d : null);
            long? size = response.Content.Headers.ContentLength;
            if (digest is { } known && size is { } length && mediaType is not null && !IsGeneric(mediaType))
            {
                return new Descriptor { MediaType = mediaType, Digest = known, Size = length };
            }
        }
        var manifest = await GetManifestAsync(repository, reference, ct).ConfigureAwait(false);
        return manifest is null ? null : new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Content.LongLength };
    }

    /// <summary>Reads a small blob (an image config) whole and checks it against its digest.</summary>
    public async Task<byte[]> GetBlobBytesAsync(string repository, Digest digest, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        using var response = await _transport.SendAsync(b => BlobRequest(HttpMethod.Get, b, repository, digest),
            RegistryScopes.Pull(repository), ct).ConfigureAwait(false);
        await EnsureBlobFoundAsync(response, repository, digest, ct).ConfigureAwait(false);
        byte[] content = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var actual = BlobDigests.Compute(digest.Algorithm, content);
        if (actual != digest) throw BlobDigests.Mismatch(Registry, digest, actual);
        return content;
    }

    /// <summary>
    /// Streams a blob. The stream checks the digest when it reaches the end and throws BlobVerificationFailed on a
    /// mismatch; a caller that stops early gets no check. Redirects to storage are followed without credentials.
    /// A body that breaks half-way is asked for again from where it broke (<c>Range</c>), through the registry, within
    /// one retry budget for the whole download (<see cref="ResumableBlobStream"/>).
    /// </summary>
    public async Task<Stream> OpenBlobAsync(string repository, Digest digest, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        var response = await _transport.SendAsync(b => BlobRequest(HttpMethod.Get, b, repository, digest),
            RegistryScopes.Pull(repository), ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            await EnsureBlobFoundAsync(response, repository, digest, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var download = new ResumableBlobStream(response, body, (offset, token) => RequestBlobFromAsync(repository, digest, offset, token),
                Registry, repository, digest, _transport.NewBudget(), _transport.Retry.NoProgressTimeout, Log);
            return new DigestVerifyingStream(download, digest, Registry);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The rest of a blob from <paramref name="offset"/>: a GET with a Range, resolved through the registry again.</summary>
    private Task<HttpResponseMessage> RequestBlobFromAsync(string repository, Digest digest, long offset, CancellationToken ct) =>
        _transport.SendAsync(b =>
        {
            var request = BlobRequest(HttpMethod.Get, b, repository, digest);
            request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, RegistryScopes.Pull(repository), ct, HttpCompletionOption.ResponseHeadersRead);

    public async Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        using var response = await _transport.SendAsync(b => BlobRequest(HttpMethod.Head, b, repository, digest),
            RegistryScopes.Pull(repository), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, $"checking the blob {digest} in '{repository}'", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Asks the registry to link a blob it already holds in <paramref name="fromRepository"/>, which costs no
    /// upload. False when it would not (another registry's rules, no pull access, unknown blob).
    /// </summary>
    public async Task<bool> TryMountBlobAsync(string repository, Digest digest, string fromRepository, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        ImageReference.ValidateRepository(fromRepository);
        using var response = await _transport.SendAsync(
            b => new HttpRequestMessage(HttpMethod.Post,
                new Uri(b, $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}"))
            { Content = new ByteArrayContent([]) },
            RegistryScopes.Mount(repository, fromRepository), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            Log.Detail($"Mounted {digest} from '{fromRepository}' into '{repository}'.");
            return true;
        }
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            // The registry opened an ordinary upload instead; close it so it does not linger until garbage collection.
            await CancelUploadAsync(UploadLocation.From(response, Registry), repository, ct).ConfigureAwait(false);
            return false;
        }
        throw await RegistryErrors.FromResponseAsync(response, Registry, $"mounting {digest} from '{fromRepository}' into '{repository}'", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads a blob whose digest and size are known, unless the repository already has it.
    /// <paramref name="open"/> must return a fresh stream at byte 0 each time it is called: an interrupted upload
    /// re-opens the content to resume from the offset the registry reports.
    /// </summary>
    /// <returns>True when the bytes were sent; false when the repository already had the blob.</returns>
    public async Task<bool> PushBlobAsync(string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, CancellationToken ct)
    {
        if (await BlobExistsAsync(repository, blob.Digest, ct).ConfigureAwait(false))
        {
            Log.Detail($"'{repository}' already has {blob.Digest}; not uploading it.");
            return false;
        }
        await NewUpload(repository).UploadAsync(new ReopenableContent(open), blob.Digest, blob.Size, progress: null, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Uploads content whose digest is not known yet, reading it once and hashing it on the way out.
    /// <paramref name="progress"/> receives the total bytes of this blob the registry holds, after each chunk.
    /// A stream read once can resume only within the chunk in memory; prefer the overload that can re-open it.
    /// </summary>
    public async Task<(Digest Digest, long Size)> PushBlobStreamAsync(string repository, Stream content, IProgress<long>? progress, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        return await NewUpload(repository).UploadAsync(new ReopenableContent(content), knownDigest: null, knownSize: null, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads reproducible content whose digest is not known yet (a layer made on the fly), hashing it on the way
    /// out. <paramref name="open"/> returns a fresh stream at byte 0 each time: a broken upload resumes at the
    /// registry's offset by re-opening and skipping forward, instead of sending everything again.
    /// </summary>
    public async Task<(Digest Digest, long Size)> PushBlobStreamAsync(string repository, Func<CancellationToken, Task<Stream>> open, IProgress<long>? progress, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        return await NewUpload(repository).UploadAsync(new ReopenableContent(open), knownDigest: null, knownSize: null, progress, ct).ConfigureAwait(false);
    }

    private BlobUpload NewUpload(string repository) => new(_transport, repository, _chunks, Log);

    /// <summary>Stores a manifest or index under a tag or a digest.</summary>
    public async Task PutManifestAsync(string repository, string reference, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        var digest = Digest.ComputeSha256(content.Span);
        if (Digest.TryParse(reference, out var named) && named != BlobDigests.Compute(named.Algorithm, content.Span))
        {
            throw new ArgumentException($"The manifest content does not have the digest {named} it is being pushed as.", nameof(reference));
        }
        using var response = await _transport.SendAsync(b =>
        {
            var body = new ReadOnlyMemoryContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(b, $"v2/{repository}/manifests/{reference}")) { Content = body };
        }, RegistryScopes.Push(repository), ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"pushing the manifest '{repository}:{reference}'", ct).ConfigureAwait(false);
        if (HeaderDigest(response) is { Algorithm: "sha256" } stored && stored != digest)
        {
            throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"The registry '{Registry}' stored the manifest '{repository}:{reference}' as {stored}, but its content is {digest}.");
        }
        Log.Detail($"Pushed the manifest '{repository}:{reference}' ({digest}).");
    }

    public void Dispose() => _transport.Dispose();

    private async Task CancelUploadAsync(Uri location, string repository, CancellationToken ct)
    {
        try
        {
            using var _ = await _transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Delete, location),
                RegistryScopes.Push(repository), ct).ConfigureAwait(false);
        }
        catch (ModelcarException e)
        {
            // Best effort: an abandoned session only costs the registry a little until its upload purge.
            Log.Detail($"Could not cancel an upload session in '{repository}': {e.Message}");
        }
    }

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri baseUri, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUri, $"v2/{repository}/manifests/{reference}"));
        foreach (string type in MediaTypes.AnyManifest) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    private static HttpRequestMessage BlobRequest(HttpMethod method, Uri baseUri, string repository, Digest digest) =>
        new(method, new Uri(baseUri, $"v2/{repository}/blobs/{digest}"));

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string action, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, Registry, action, ct).ConfigureAwait(false);
        }
    }

    private async Task EnsureBlobFoundAsync(HttpResponseMessage response, string repository, Digest digest, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw RegistryErrors.Protocol(Registry, $"has no blob {digest} in '{repository}', although a manifest there refers to it.");
        }
        await EnsureSuccessAsync(response, $"reading the blob {digest} from '{repository}'", ct).ConfigureAwait(false);
    }

    private static Digest? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var digest)
            ? digest
            : null;

    private static bool IsGeneric(string? mediaType) =>
        string.IsNullOrEmpty(mediaType) || mediaType is "application/json" or "text/plain" or "application/octet-stream";

    /// <summary>
    /// The Content-Type when it names a manifest type; otherwise the document's own mediaType, then its shape.
    /// Also the check that a 200 answer is a JSON document at all, not a proxy's login page.
    /// </summary>
    private string ManifestMediaType(string? contentType, byte[] content, string what)
    {
        if (content.Length == 0)
        {
            throw RegistryErrors.Protocol(Registry, $"answered the manifest request for '{what}' with an empty body.");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw RegistryErrors.Protocol(Registry,
                $"answered the manifest request for '{what}' with something that is not JSON (Content-Type '{contentType}'): '{RegistryErrors.Snippet(System.Text.Encoding.UTF8.GetString(content))}'.");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RegistryErrors.Protocol(Registry, $"answered the manifest request for '{what}' with JSON that is not a manifest.");
        }
        if (!IsGeneric(contentType)) return contentType!;
        if (root.TryGetProperty("mediaType", out var declared) && declared.ValueKind == JsonValueKind.String && declared.GetString() is { Length: > 0 } type)
        {
            return type;
        }
        if (root.TryGetProperty("manifests", out _)) return MediaTypes.OciIndex;
        if (root.TryGetProperty("config", out _)) return MediaTypes.OciManifest;
        throw RegistryErrors.Protocol(Registry, $"answered the manifest request for '{what}' with a document that is neither a manifest nor an index.");
    }
}
