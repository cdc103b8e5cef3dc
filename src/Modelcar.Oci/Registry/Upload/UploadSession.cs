using System.Net;
using System.Net.Http.Headers;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry.Upload;

/// <summary>
/// The registry's side of one blob upload: the session URL (which the registry may change with every answer), the
/// smallest chunk it takes, and how many bytes it holds. Requests that write to the session return an
/// <see cref="UploadSetback"/> instead of throwing when the registry refuses them or the connection breaks in a way
/// that usually passes; anything else (a denied push, a wrong digest) is thrown as the final error.
/// </summary>
internal sealed class UploadSession
{
    private const string OctetStream = "application/octet-stream";

    private readonly RegistryTransport _transport;
    private readonly string _repository;
    private readonly IModelcarLog _log;

    private UploadSession(RegistryTransport transport, string repository, IModelcarLog log, (Uri Location, long? MinimumChunk) opened)
    {
        _transport = transport;
        _repository = repository;
        _log = log;
        (Location, MinimumChunk) = opened;
    }

    /// <summary>The URL the next request goes to; the latest the registry gave.</summary>
    public Uri Location { get; private set; }

    /// <summary>The smallest chunk the registry takes (OCI-Chunk-Min-Length), when it said.</summary>
    public long? MinimumChunk { get; private set; }

    /// <summary>Bytes of the blob the registry holds, as its last answer said.</summary>
    public long Held { get; private set; }

    private string Registry => _transport.Registry;

    private string Scope => RegistryScopes.Push(_repository);

    public static async Task<UploadSession> StartAsync(RegistryTransport transport, string repository, IModelcarLog log, CancellationToken ct) =>
        new(transport, repository, log, await OpenAsync(transport, repository, ct).ConfigureAwait(false));

    private static async Task<(Uri Location, long? MinimumChunk)> OpenAsync(RegistryTransport transport, string repository, CancellationToken ct)
    {
        // A retried POST at worst opens a second session, which the registry's upload purge removes.
        using var response = await transport.SendAsync(
            b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{repository}/blobs/uploads/")) { Content = new ByteArrayContent([]) },
            RegistryScopes.Push(repository), ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, transport.Registry, $"starting an upload to '{repository}'", ct).ConfigureAwait(false);
        }
        long? minimum = response.Headers.NonValidated.TryGetValues("OCI-Chunk-Min-Length", out var values) &&
                        long.TryParse(values.FirstOrDefault(), out long announced) && announced > 0 ? announced : null;
        return (UploadLocation.FromUploadResponse(response, transport.Registry, repository, previous: null), minimum);
    }

    /// <summary>
    /// One PATCH of <paramref name="count"/> bytes from <see cref="Held"/>. Registries answer 202 (the spec), 201
    /// (ECR) or 204; a <c>Range</c> shorter than what was sent means the registry took only part of it, and the rest
    /// goes again.
    /// </summary>
    public async Task<UploadSetback?> PatchAsync(byte[] buffer, int from, int count, CancellationToken ct)
    {
        long offset = Held;
        var (response, broken) = await WriteAsync(_ =>
        {
            var content = Chunk(buffer, from, count);
            // The distribution spec's Content-Range is "start-end" with no unit, which ContentRangeHeaderValue
            // cannot express, hence the unvalidated header.
            content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, Location) { Content = content };
        }, ct).ConfigureAwait(false);
        using (response)
        {
            if (broken is not null) return broken;
            if (response!.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created or HttpStatusCode.NoContent))
            {
                return await RefusedAsync(response, $"uploading bytes {offset}-{offset + count - 1} to '{_repository}'", ct).ConfigureAwait(false);
            }
            long end = offset + count;
            if (UploadLocation.ReceivedBytes(response) is { } received && received > offset && received < end)
            {
                _log.Detail($"'{Registry}' took bytes {offset}-{received - 1} of {offset}-{end - 1}; sending the rest again.");
                end = received;
            }
            Moved(response, end);
            return null;
        }
    }

    /// <summary>The whole blob in one PATCH (Content-Range 0-(n-1)), read from <paramref name="body"/> as it goes out.</summary>
    public async Task<UploadSetback?> PatchWholeAsync(HashingStreamContent body, long length, CancellationToken ct)
    {
        var (response, broken) = await WriteAsync(_ =>
        {
            // A second build (after an auth challenge) fails in the body, which cannot be sent twice; the caller
            // then resumes from what the registry holds.
            body.Headers.Remove("Content-Range");
            body.Headers.TryAddWithoutValidation("Content-Range", $"0-{length - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, Location) { Content = body };
        }, ct).ConfigureAwait(false);
        using (response)
        {
            if (broken is not null) return broken;
            if (response!.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created or HttpStatusCode.NoContent))
            {
                return await RefusedAsync(response, $"uploading {length} bytes in one request to '{_repository}'", ct).ConfigureAwait(false);
            }
            Moved(response, UploadLocation.ReceivedBytes(response) is { } received && received < length ? received : length);
            return null;
        }
    }

    /// <summary>The closing PUT ?digest=, with the last <paramref name="count"/> bytes (none when the PATCHes sent them all).</summary>
    public async Task<UploadSetback?> PutAsync(Digest digest, byte[] buffer, int from, int count, CancellationToken ct)
    {
        Uri target = UploadLocation.WithDigest(Location, digest);
        var (response, broken) = await WriteAsync(_ => new HttpRequestMessage(HttpMethod.Put, target) { Content = Chunk(buffer, from, count) }, ct).ConfigureAwait(false);
        using (response)
        {
            if (broken is not null) return broken;
            if (response!.StatusCode != HttpStatusCode.Created)
            {
                return await RefusedAsync(response, $"completing the upload of {digest} to '{_repository}'", ct).ConfigureAwait(false);
            }
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
                Digest.TryParse(values.FirstOrDefault(), out var stored) && stored.Algorithm == digest.Algorithm && stored != digest)
            {
                throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                    $"The registry '{Registry}' stored the blob pushed as {digest} under the digest {stored}.");
            }
            Held += count;
            return null;
        }
    }

    /// <summary>
    /// Asks the registry how much of the session it holds (into <see cref="Held"/>). A session it no longer knows
    /// (expired, or dropped after a broken chunk) is replaced by a new one, from byte 0.
    /// </summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        using var response = await _transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Get, Location), Scope, ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.Accepted)
        {
            Moved(response, UploadLocation.ReceivedBytes(response) ?? 0);
            return;
        }
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            _log.Info($"  '{Registry}' no longer has the upload session ({(int)response.StatusCode}); starting the upload to '{_repository}' again from byte 0");
            await CancelAsync().ConfigureAwait(false);
            (Location, MinimumChunk) = await OpenAsync(_transport, _repository, ct).ConfigureAwait(false);
            Held = 0;
            return;
        }
        throw await RegistryErrors.FromResponseAsync(response, Registry, $"checking an upload session in '{_repository}'", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Best effort: an abandoned session only costs the registry space until its upload purge. A refusal is logged
    /// where the user sees it, because then something is left waiting on the registry.
    /// </summary>
    public async Task CancelAsync()
    {
        // The publish may be failing because it was cancelled: the DELETE gets its own short deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await _transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Delete, Location), Scope, deadline.Token, idempotent: false).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                _log.Detail($"Cancelled an unfinished upload session in '{_repository}'.");
                return;
            }
            var (_, detail) = RegistryErrors.Describe(await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false));
            _log.Info($"  '{Registry}' did not cancel an unfinished upload session in '{_repository}' ({(int)response.StatusCode}{(detail.Length > 0 ? $": {detail}" : "")}); " +
                      "it stays on the registry until the registry's upload purge removes it");
        }
        catch (Exception e) when (e is ModelcarException or OperationCanceledException)
        {
            _log.Info($"  could not cancel an unfinished upload session in '{_repository}' ({e.Message}); it stays on the registry until the registry's upload purge removes it");
        }
    }

    /// <summary>
    /// Sends a request that writes to the session, once (the registry may have taken part of it: only a resume
    /// knows). A connection that broke in a way that usually passes comes back as a setback; a failure another
    /// request would meet again (refused credentials, a changed file) is thrown.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, UploadSetback? Broken)> WriteAsync(Func<Uri, HttpRequestMessage> build, CancellationToken ct)
    {
        try
        {
            return (await _transport.SendAsync(build, Scope, ct, idempotent: false).ConfigureAwait(false), null);
        }
        catch (ModelcarException e) when (!IsPermanent(e) && TransientFailure.Reason(e) is { } reason)
        {
            return (null, UploadSetback.Broken(reason, e));
        }
    }

    /// <summary>Failures that another request would meet again: refused credentials or permissions, a changed file.</summary>
    public static bool IsPermanent(Exception e) =>
        e is ModelcarException { Code: ErrorCodes.RegistryUnauthorized or ErrorCodes.RegistryDenied or ErrorCodes.BlobVerificationFailed or ErrorCodes.ModelFileChanged or ErrorCodes.ModelFileUnreadable };

    private async Task<UploadSetback> RefusedAsync(HttpResponseMessage response, string action, CancellationToken ct)
    {
        var failure = await RegistryFailure.ReadAsync(response, ct).ConfigureAwait(false);
        return UploadSetback.Refused(failure, failure.ToException(Registry, action));
    }

    private void Moved(HttpResponseMessage response, long held)
    {
        Location = UploadLocation.FromUploadResponse(response, Registry, _repository, Location);
        Held = held;
    }

    private static ByteArrayContent Chunk(byte[] buffer, int from, int count)
    {
        var content = new ByteArrayContent(buffer, from, count);
        content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        return content;
    }
}
