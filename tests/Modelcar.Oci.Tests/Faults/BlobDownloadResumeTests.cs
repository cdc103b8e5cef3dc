using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>
/// Blob downloads that break half-way, through <see cref="FaultProxy"/> (ours: no fault-injecting proxy ships here)
/// in front of the real docker-registry, which answers <c>Range</c> requests with 206. Each download must either
/// deliver the blob byte for byte (resumed from where it broke, not from zero) or fail with a clear code.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class BlobDownloadResumeTests
{
    private const int BlobSize = 2 * 1024 * 1024 + 321;
    private const long CutAt = 700_000;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static readonly RetryOptions FastRetries = new()
    {
        MaxRetries = 4,
        BaseDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        NoProgressTimeout = TimeSpan.FromSeconds(3),
    };

    private static RegistryClient Client(string registry, IModelcarLog log, RetryOptions? retry = null) =>
        new(registry, new RegistryClientOptions { InsecureRegistries = [], Log = log, Retry = retry ?? FastRetries });

    /// <summary>A random blob pushed straight to the registry (not through the proxy) under a repository of its own.</summary>
    private async Task<(string Repository, Digest Digest, byte[] Content)> PushRandomBlobAsync(string name)
    {
        string repository = $"modelcar-tests/resume-{name}-{Guid.NewGuid():N}";
        byte[] content = RandomNumberGenerator.GetBytes(BlobSize);
        using RegistryClient direct = Client(TestEnvironment.Registry, NullModelcarLog.Instance);
        var (digest, _) = await direct.PushBlobStreamAsync(repository, new MemoryStream(content), progress: null, Ct);
        return (repository, digest, content);
    }

    private async Task<byte[]> DownloadAsync(RegistryClient client, string repository, Digest digest)
    {
        await using Stream blob = await client.OpenBlobAsync(repository, digest, Ct);
        var copy = new MemoryStream();
        await blob.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static bool IsBlobGet(ProxiedRequest r, Digest digest) => r.Method == "GET" && r.Path.Contains($"/blobs/{digest}", StringComparison.Ordinal);

    private static string? RangeOf(ProxiedRequest r) => r.Headers.GetValueOrDefault("range");

    private static string Show(IEnumerable<string> lines) => string.Join("\n", lines);

    [TestMethod]
    public async Task ResetInTheMiddleOfTheBody_ResumesWithRange_AndDeliversTheBlob()
    {
        var (repository, digest, content) = await PushRandomBlobAsync("reset");
        var gets = new ConcurrentQueue<ProxiedRequest>();
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            gets.Enqueue(r);
            return gets.Count == 1 ? new Fault.CutResponseAfter(CutAt) : Fault.Pass;
        });
        var log = new CollectingLog();
        using RegistryClient client = Client(proxy.Address, log);

        byte[] downloaded = await DownloadAsync(client, repository, digest);

        Assert.IsTrue(content.AsSpan().SequenceEqual(downloaded), "the blob arrives byte for byte");
        var requests = gets.ToArray();
        Assert.HasCount(2, requests, Show(proxy.Seen));
        Assert.IsNull(RangeOf(requests[0]));
        // A reset may drop what was still in flight, so the resume starts at or before the cut, but never at 0.
        string range = RangeOf(requests[1]) ?? "";
        StringAssert.StartsWith(range, "bytes=");
        long resumedAt = long.Parse(range["bytes=".Length..].TrimEnd('-'));
        Assert.IsTrue(resumedAt is > 0 and <= CutAt, range);
        Assert.IsTrue(log.Lines.Any(l => l.Contains($"Resuming the download of {digest}", StringComparison.Ordinal) && l.Contains($"at byte {resumedAt}", StringComparison.Ordinal)), Show(log.Lines));
        Assert.AreEqual(1, log.Lines.Count(l => l.Contains("; retry 1 of 4", StringComparison.Ordinal)), Show(log.Lines));
    }

    [TestMethod]
    public async Task BodyThatEndsEarly_ResumesAtExactlyTheByteItEndedAt()
    {
        var (repository, digest, content) = await PushRandomBlobAsync("short");
        var gets = new ConcurrentQueue<ProxiedRequest>();
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            gets.Enqueue(r);
            return gets.Count == 1 ? new Fault.CutResponseAfter(CutAt, Reset: false) : Fault.Pass;
        });
        using RegistryClient client = Client(proxy.Address, new CollectingLog());

        byte[] downloaded = await DownloadAsync(client, repository, digest);

        Assert.IsTrue(content.AsSpan().SequenceEqual(downloaded), "the blob arrives byte for byte");
        Assert.AreEqual($"bytes={CutAt}-", RangeOf(gets.ToArray()[1]), Show(proxy.Seen));
    }

    [TestMethod]
    public async Task SynchronousReader_AlsoResumes()
    {
        var (repository, digest, content) = await PushRandomBlobAsync("sync");
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            IsBlobGet(r, digest) && Interlocked.Increment(ref gets) == 1 ? new Fault.CutResponseAfter(CutAt, Reset: false) : Fault.Pass);
        using RegistryClient client = Client(proxy.Address, new CollectingLog());

        await using Stream blob = await client.OpenBlobAsync(repository, digest, Ct);
        var copy = new MemoryStream();
        blob.CopyTo(copy);

        Assert.IsTrue(content.AsSpan().SequenceEqual(copy.ToArray()), "the blob arrives byte for byte");
        Assert.AreEqual(2, gets, Show(proxy.Seen));
    }

    [TestMethod]
    public async Task RegistryThatIgnoresRange_AndAnswers200_StillGivesTheRightBytes()
    {
        var (repository, digest, content) = await PushRandomBlobAsync("norange");
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            // The resumed request reaches the registry without its Range, so the answer is the whole blob, 200.
            return Interlocked.Increment(ref gets) == 1 ? new Fault.CutResponseAfter(CutAt, Reset: false) : new Fault.DropRequestHeader("Range");
        });
        var log = new CollectingLog();
        using RegistryClient client = Client(proxy.Address, log);

        byte[] downloaded = await DownloadAsync(client, repository, digest);

        Assert.IsTrue(content.AsSpan().SequenceEqual(downloaded), "the blob arrives byte for byte");
        Assert.AreEqual(2, gets, Show(proxy.Seen));
        Assert.IsTrue(log.Lines.Any(l => l.Contains("ignored the Range request", StringComparison.Ordinal) && l.Contains($"skipping the first {CutAt} bytes", StringComparison.Ordinal)),
            Show(log.Lines));
    }

    [TestMethod]
    public async Task BreakThatKeepsHappening_IsUnreachableAfterTheRetryBudget_NamingTheBlob()
    {
        var (repository, digest, _) = await PushRandomBlobAsync("keeps");
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            Interlocked.Increment(ref gets);
            return new Fault.CutResponseAfter(10_000);
        });
        var log = new CollectingLog();
        using RegistryClient client = Client(proxy.Address, log, FastRetries with { MaxRetries = 2 });

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => DownloadAsync(client, repository, digest));
        TestContext.WriteLine(e.Message);
        TestContext.WriteLine(Show(log.Lines));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, digest.ToString());
        StringAssert.Contains(e.Message, repository);
        StringAssert.Contains(e.Message, $"of {BlobSize} bytes received");
        StringAssert.Contains(e.Message, "gave up after 2 retries");
        Assert.AreEqual(3, gets, "the first GET and two resumes: " + Show(proxy.Seen));
    }

    [TestMethod]
    public async Task CorruptResumedBody_FailsVerification()
    {
        var (repository, digest, _) = await PushRandomBlobAsync("corrupt");
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            return Interlocked.Increment(ref gets) == 1 ? new Fault.CutResponseAfter(CutAt, Reset: false) : new Fault.CorruptResponseAt(1000);
        });
        using RegistryClient client = Client(proxy.Address, new CollectingLog());

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => DownloadAsync(client, repository, digest));

        Assert.AreEqual(ErrorCodes.BlobVerificationFailed, e.Code);
        StringAssert.Contains(e.Message, digest.ToString());
        Assert.AreEqual(2, gets, Show(proxy.Seen));
    }

    [TestMethod]
    public async Task ResumeAnsweredWithAnotherRange_IsAProtocolError_NotWrongBytes()
    {
        var (repository, digest, _) = await PushRandomBlobAsync("badrange");
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            // A broken cache in front of the registry: it answers the Range request with the blob's first bytes.
            return Interlocked.Increment(ref gets) == 1
                ? new Fault.CutResponseAfter(CutAt, Reset: false)
                : new Fault.Respond(206, "0123456789", "application/octet-stream", ("Content-Range", $"bytes 0-9/{BlobSize}"));
        });
        using RegistryClient client = Client(proxy.Address, new CollectingLog());

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => DownloadAsync(client, repository, digest));

        Assert.AreEqual(ErrorCodes.RegistryProtocolError, e.Code);
        StringAssert.Contains(e.Message, $"bytes {CutAt}- of {digest}");
        StringAssert.Contains(e.Message, $"bytes 0-9/{BlobSize}");
        Assert.AreEqual(2, gets, Show(proxy.Seen));
    }

    [TestMethod]
    public async Task RedirectToStorage_IsResolvedThroughTheRegistryAgain_OnEachResume()
    {
        var (repository, digest, content) = await PushRandomBlobAsync("redirect");
        var registryGets = new ConcurrentQueue<ProxiedRequest>();
        var storageGets = new ConcurrentQueue<ProxiedRequest>();
        // The proxy plays the registry that redirects blob downloads to signed storage URLs (as S3-backed registries
        // do); the "storage" is the same blob path with a signature-like query, which distribution serves as usual.
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (!IsBlobGet(r, digest)) return Fault.Pass;
            if (!r.Path.Contains("?sig=", StringComparison.Ordinal))
            {
                registryGets.Enqueue(r);
                return new Fault.Respond(307, "", "text/plain", ("Location", $"{r.Path}?sig={registryGets.Count}"));
            }
            storageGets.Enqueue(r);
            return storageGets.Count == 1 ? new Fault.CutResponseAfter(CutAt, Reset: false) : Fault.Pass;
        });
        using RegistryClient client = Client(proxy.Address, new CollectingLog());

        byte[] downloaded = await DownloadAsync(client, repository, digest);

        Assert.IsTrue(content.AsSpan().SequenceEqual(downloaded), "the blob arrives byte for byte");
        var registry = registryGets.ToArray();
        var storage = storageGets.ToArray();
        Assert.HasCount(2, registry, "each attempt asks the registry first: " + Show(proxy.Seen));
        Assert.AreEqual($"bytes={CutAt}-", RangeOf(registry[1]));
        Assert.HasCount(2, storage, Show(proxy.Seen));
        StringAssert.EndsWith(storage[1].Path, "?sig=2", "the resume follows the new redirect, not the old URL");
        Assert.AreEqual($"bytes={CutAt}-", RangeOf(storage[1]));
    }

    [TestMethod]
    public async Task CopyingABaseLayerBetweenRepositories_ThroughACutDownload_StoresTheSameBlob()
    {
        const string source = "modelcar-test/busybox";
        string target = $"modelcar-tests/resume-copy-{Guid.NewGuid():N}";
        var log = new CollectingLog();
        using RegistryClient direct = Client(TestEnvironment.Registry, log);
        var manifest = await direct.GetManifestAsync(source, "1.36", Ct);
        Descriptor layer = OciJson.Deserialize<ImageManifest>(manifest!.Content, "the busybox manifest").Layers[0];
        int gets = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            IsBlobGet(r, layer.Digest) && Interlocked.Increment(ref gets) == 1 ? new Fault.CutResponseAfter(layer.Size / 2) : Fault.Pass);
        using RegistryClient throughProxy = Client(proxy.Address, log);

        await direct.PushBlobAsync(target, layer, token => throughProxy.OpenBlobAsync(source, layer.Digest, token), Ct);

        Assert.AreEqual(2, gets, "one cut download and its resume: " + Show(proxy.Seen));
        Assert.IsTrue(proxy.Seen.Any(s => s.Contains("CutResponseAfter", StringComparison.Ordinal)), Show(proxy.Seen));
        // Read the stored blob's identity from the registry itself, not through our client.
        using var http = new HttpClient();
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{TestEnvironment.Registry}/v2/{target}/blobs/{layer.Digest}"), Ct);
        Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
        Assert.AreEqual(layer.Digest.ToString(), head.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.AreEqual(layer.Size, head.Content.Headers.ContentLength);
    }
}
