using System.Net;
using System.Security.Cryptography;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>
/// Registry quirks the local docker-registry does not have (ECR's 201 to PATCH, ghcr.io's 4 MiB body cap, a
/// Docker-Upload-UUID without Location, OCI-Chunk-Min-Length). Those registries cannot run here, so a small
/// in-memory upload endpoint (<see cref="QuirkyRegistry"/>) plays them; it keeps the bytes and checks the ranges and
/// the digest as a registry does, so a test passes only if the blob really arrives whole.
/// </summary>
[TestClass]
public sealed class UploadQuirksTests
{
    private const int MiB = 1024 * 1024;

    private static RegistryClient Client(string registry, QuirkyRegistry quirks, int chunkSize) =>
        new(registry, new RegistryClientOptions
        {
            Handler = new StubHandler(quirks.Answer),
            ChunkSize = chunkSize,
            Credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>()),
            InsecureRegistries = [],
            Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
            WholeBlobUploads = false, // these quirks are about chunks
        });

    [TestMethod]
    public async Task Ecr_201ToPatch_AndUuidWithoutLocation_StillCompletes()
    {
        var registry = new QuirkyRegistry { PatchStatus = HttpStatusCode.Created, LocationHeader = false };
        using var client = Client("registry.example.com", registry, chunkSize: 64 * 1024);
        byte[] content = RandomNumberGenerator.GetBytes(200_000);

        var (digest, size) = await client.PushBlobStreamAsync("acme/model", new MemoryStream(content), null, CancellationToken.None);

        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(content.Length, size);
        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        Assert.IsTrue(registry.Requests.Where(r => r.Method != "POST").All(r => r.Path.StartsWith("/v2/acme/model/blobs/uploads/uuid-1", StringComparison.Ordinal)),
            string.Join("\n", registry.Requests));
    }

    [TestMethod]
    public async Task BodyTooLarge_HalvesTheChunk_UntilTheRegistryTakesIt()
    {
        var registry = new QuirkyRegistry { MaxBody = 3 * MiB / 2 };
        using var client = Client("registry.example.com", registry, chunkSize: 4 * MiB);
        byte[] content = RandomNumberGenerator.GetBytes(5 * MiB + 7);

        var (digest, _) = await client.PushBlobStreamAsync("acme/model", new MemoryStream(content), null, CancellationToken.None);

        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        Assert.AreEqual(2, registry.Refused, "4 MiB, then 2 MiB, are refused; 1 MiB is taken");
        Assert.IsTrue(registry.Accepted.All(length => length <= MiB), string.Join(", ", registry.Accepted));
    }

    [TestMethod]
    public async Task Ghcr_StartsAtItsKnown4MiBCap_WithoutBeingRefused()
    {
        var registry = new QuirkyRegistry { MaxBody = 4 * MiB };
        using var client = Client("ghcr.io", registry, chunkSize: 16 * MiB);
        byte[] content = RandomNumberGenerator.GetBytes(9 * MiB);

        var (digest, _) = await client.PushBlobStreamAsync("acme/model", new MemoryStream(content), null, CancellationToken.None);

        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        Assert.AreEqual(0, registry.Refused);
        CollectionAssert.AreEqual(new long[] { 4 * MiB, 4 * MiB, MiB }, registry.Accepted.ToArray());
    }

    [TestMethod]
    public async Task OciChunkMinLength_RaisesTheChunk_ExceptForTheLast()
    {
        var registry = new QuirkyRegistry { MinimumChunk = 2 * MiB };
        using var client = Client("registry.example.com", registry, chunkSize: MiB);
        byte[] content = RandomNumberGenerator.GetBytes(5 * MiB);

        var (digest, _) = await client.PushBlobStreamAsync("acme/model", new MemoryStream(content), null, CancellationToken.None);

        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        CollectionAssert.AreEqual(new long[] { 2 * MiB, 2 * MiB, MiB }, registry.Accepted.ToArray());
    }

    [TestMethod]
    public async Task ServerErrorOnAChunk_ResumesFromTheRegistrysRange_NotFromZero()
    {
        var registry = new QuirkyRegistry { FailPatchNumber = 3 };
        using var client = Client("registry.example.com", registry, chunkSize: MiB);
        byte[] content = RandomNumberGenerator.GetBytes(4 * MiB + 1);
        int opened = 0;

        var (digest, _) = await client.PushBlobStreamAsync("acme/model",
            _ => { opened++; return Task.FromResult<Stream>(new MemoryStream(content)); }, null, CancellationToken.None);

        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        Assert.AreEqual(1, opened, "the failed chunk was still in memory: the content is not read again");
        Assert.AreEqual(1, registry.Requests.Count(r => r.Method == "GET"), "one status request asks where to resume");
        Assert.AreEqual(1, registry.Requests.Count(r => r.Method == "POST"), "the same session goes on");
    }

    [TestMethod]
    public async Task RegistryBehindTheClient_ReopensTheContentAtItsOffset()
    {
        // The registry lost the last chunk it acknowledged (a proxy answered for it): it reports 1 MiB, not 2.
        var registry = new QuirkyRegistry { FailPatchNumber = 3, ForgetLastChunkOnFailure = true };
        using var client = Client("registry.example.com", registry, chunkSize: MiB);
        byte[] content = RandomNumberGenerator.GetBytes(4 * MiB + 1);
        int opened = 0;

        var (digest, _) = await client.PushBlobStreamAsync("acme/model",
            _ => { opened++; return Task.FromResult<Stream>(new MemoryStream(content)); }, null, CancellationToken.None);

        CollectionAssert.AreEqual(content, registry.Stored[digest]);
        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(2, opened, "re-opened once, to resume at 1 MiB");
        Assert.AreEqual(1, registry.Requests.Count(r => r.Method == "POST"));
    }

    /// <summary>An upload endpoint with switchable quirks; it keeps each session's bytes and checks ranges and digests.</summary>
    private sealed class QuirkyRegistry
    {
        private readonly Dictionary<string, MemoryStream> _sessions = new();
        private int _patches;

        public HttpStatusCode PatchStatus { get; init; } = HttpStatusCode.Accepted;
        public bool LocationHeader { get; init; } = true;
        public long MaxBody { get; init; } = long.MaxValue;
        public long? MinimumChunk { get; init; }
        public int FailPatchNumber { get; init; }
        public bool ForgetLastChunkOnFailure { get; init; }

        public Dictionary<Digest, byte[]> Stored { get; } = new();
        public List<long> Accepted { get; } = new();
        public int Refused { get; private set; }
        public List<(string Method, string Path)> Requests { get; } = new();

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            string path = request.RequestUri!.AbsolutePath;
            Requests.Add((request.Method.Method, path));
            byte[] body = request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult() ?? [];
            if (request.Method == HttpMethod.Post)
            {
                string id = $"uuid-{_sessions.Count + 1}";
                _sessions[id] = new MemoryStream();
                var started = Session(HttpStatusCode.Accepted, id);
                if (MinimumChunk is { } minimum) started.Headers.TryAddWithoutValidation("OCI-Chunk-Min-Length", minimum.ToString());
                return started;
            }
            string session = path[(path.LastIndexOf('/') + 1)..];
            MemoryStream stored = _sessions[session];
            if (request.Method == HttpMethod.Get) return Session(HttpStatusCode.NoContent, session);
            if (request.Method == HttpMethod.Delete) return new HttpResponseMessage(HttpStatusCode.NoContent);
            if (body.Length > MaxBody)
            {
                Refused++;
                return Json(HttpStatusCode.RequestedRangeNotSatisfiable, "REQUESTED_RANGE_NOT_SATISFIABLE", "the request body is too large and exceeds the maximum permissible limit");
            }
            if (request.Method == HttpMethod.Patch)
            {
                if (++_patches == FailPatchNumber)
                {
                    if (ForgetLastChunkOnFailure) stored.SetLength(stored.Length - Accepted[^1]);
                    return Json(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", "try again");
                }
                string range = request.Content!.Headers.NonValidated.TryGetValues("Content-Range", out var values) ? values.ToString() : "";
                if (long.Parse(range.Split('-')[0]) != stored.Length) return Json(HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID", "wrong offset");
                if (MinimumChunk is { } minimum && body.Length < minimum) return Json(HttpStatusCode.BadRequest, "SIZE_INVALID", "chunk too small");
                stored.Write(body);
                Accepted.Add(body.Length);
                return Session(PatchStatus, session);
            }
            // PUT ?digest=: the last bytes, then the digest check a registry makes.
            stored.Write(body);
            if (body.Length > 0) Accepted.Add(body.Length);
            var digest = Digest.Parse(Uri.UnescapeDataString(request.RequestUri.Query.Split("digest=")[1]));
            if (Digest.ComputeSha256(stored.ToArray()) != digest) return Json(HttpStatusCode.BadRequest, "DIGEST_INVALID", "digest mismatch");
            Stored[digest] = stored.ToArray();
            return new HttpResponseMessage(HttpStatusCode.Created);
        }

        private HttpResponseMessage Session(HttpStatusCode status, string id)
        {
            var response = new HttpResponseMessage(status);
            long length = _sessions[id].Length;
            if (LocationHeader) response.Headers.TryAddWithoutValidation("Location", $"/v2/acme/model/blobs/uploads/{id}");
            response.Headers.TryAddWithoutValidation("Docker-Upload-UUID", id);
            response.Headers.TryAddWithoutValidation("Range", $"0-{Math.Max(0, length - 1)}");
            return response;
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string code, string message) =>
            new(status) { Content = new StringContent($$"""{"errors":[{"code":"{{code}}","message":"{{message}}"}]}""") };
    }
}
