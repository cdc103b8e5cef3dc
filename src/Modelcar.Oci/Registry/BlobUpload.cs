using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>
/// One blob upload session (POST, PATCH..., PUT ?digest=). Content is read once, a chunk at a time into a pooled
/// buffer: memory stays at one chunk per upload however large the layer, and each request body is a byte range
/// that can be sent again (after an auth challenge now, by a retry policy later).
/// </summary>
internal sealed class BlobUpload(RegistryTransport transport, string repository, int chunkSize, IOciLog log)
{
    private const string OctetStream = "application/octet-stream";

    private string Scope => RegistryScopes.Push(repository);

    /// <summary>Opens an upload session and returns its Location.</summary>
    public async Task<Uri> StartAsync(CancellationToken ct)
    {
        using var response = await transport.SendAsync(
            b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{repository}/blobs/uploads/")) { Content = Empty() },
            Scope, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"starting an upload to '{repository}'", ct).ConfigureAwait(false);
        }
        return UploadLocation.From(response, transport.Registry);
    }

    /// <summary>
    /// Sends <paramref name="content"/> to the session at <paramref name="location"/> and closes it. With a known
    /// digest the registry verifies it; without one the digest is computed while the bytes go out. Content that
    /// fits in one chunk goes in the closing PUT, so a small blob costs two requests.
    /// </summary>
    public async Task<(Digest Digest, long Size)> UploadAsync(Uri location, Stream content, Digest? knownDigest, long? knownSize,
        IProgress<long>? progress, CancellationToken ct)
    {
        // A known small size needs only a buffer one byte larger than the blob: reading that extra byte is how a
        // stream longer than declared is caught.
        int size = knownSize is { } s && s < chunkSize ? (int)s + 1 : chunkSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        using var hash = knownDigest is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        try
        {
            long offset = 0;
            int chunks = 0;
            while (true)
            {
                int count = await content.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                if (knownSize is { } expected && offset + count > expected)
                {
                    throw SizeMismatch(knownDigest, expected, "more");
                }
                hash?.AppendData(buffer, 0, count);
                if (count < size)
                {
                    if (knownSize is { } declared && offset + count != declared) throw SizeMismatch(knownDigest, declared, "fewer");
                    Digest digest = knownDigest ?? Digest.FromSha256Hash(hash!.GetHashAndReset());
                    await PutAsync(location, digest, buffer, count, ct).ConfigureAwait(false);
                    offset += count;
                    progress?.Report(offset);
                    log.Detail($"Uploaded {digest} ({offset} bytes, {chunks + 1} request(s)) to '{repository}'.");
                    return (digest, offset);
                }
                location = await PatchAsync(location, buffer, offset, count, ct).ConfigureAwait(false);
                offset += count;
                chunks++;
                progress?.Report(offset);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<Uri> PatchAsync(Uri location, byte[] buffer, long offset, int count, CancellationToken ct)
    {
        using var response = await transport.SendAsync(_ =>
        {
            var content = Chunk(buffer, count);
            // The distribution spec's Content-Range is "start-end" with no unit, which ContentRangeHeaderValue
            // cannot express, hence the unvalidated header.
            content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        }, Scope, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"uploading bytes {offset}-{offset + count - 1} to '{repository}'", ct).ConfigureAwait(false);
        }
        return UploadLocation.From(response, transport.Registry);
    }

    private async Task PutAsync(Uri location, Digest digest, byte[] buffer, int count, CancellationToken ct)
    {
        Uri target = UploadLocation.WithDigest(location, digest);
        using var response = await transport.SendAsync(
            _ => new HttpRequestMessage(HttpMethod.Put, target) { Content = Chunk(buffer, count) },
            Scope, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"completing the upload of {digest} to '{repository}'", ct).ConfigureAwait(false);
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
            Digest.TryParse(values.FirstOrDefault(), out var stored) && stored.Algorithm == digest.Algorithm && stored != digest)
        {
            throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"The registry '{transport.Registry}' stored the blob pushed as {digest} under the digest {stored}.");
        }
    }

    private ModelcarException SizeMismatch(Digest? digest, long declared, string moreOrFewer) =>
        new(ErrorCodes.BlobVerificationFailed,
            $"The content of {digest?.ToString() ?? "a blob"} for '{repository}' has {moreOrFewer} bytes than the {declared} declared; the file changed while it was being pushed. Build the image again.");

    private static ByteArrayContent Chunk(byte[] buffer, int count)
    {
        var content = new ByteArrayContent(buffer, 0, count);
        content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        return content;
    }

    private static ByteArrayContent Empty() => new([]);
}
