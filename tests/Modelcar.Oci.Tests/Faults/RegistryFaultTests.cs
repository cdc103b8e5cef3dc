using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>
/// Publishes through <see cref="FaultProxy"/> (ours: no fault-injecting proxy ships here) in front of the real
/// docker-registry. Each transient fault must end in a pushed image that skopeo and umoci read back byte for byte;
/// each permanent one in a clear error, the retry count in it, and the previous tag left where it was.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class RegistryFaultTests
{
    private const int Chunk = 512 * 1024;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static readonly RetryOptions FastRetries = new()
    {
        MaxRetries = 6,
        BaseDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        NoProgressTimeout = TimeSpan.FromSeconds(3),
    };

    private static string NewRepository(string name) => $"modelcar-tests/faults-{name}-{Guid.NewGuid():N}";

    private static RegistryClient Client(string registry, IModelcarLog log, RetryOptions? retry = null, bool wholeBlob = false) =>
        new(registry, new RegistryClientOptions { InsecureRegistries = [], ChunkSize = Chunk, Log = log, Retry = retry ?? FastRetries, WholeBlobUploads = wholeBlob });

    private static ModelcarImageRequest Request(TestModel model, params string[] tags) => new()
    {
        Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
        Layers = model.Plan(),
        User = "1010",
        Tags = tags,
        Annotations = new Dictionary<string, string>(),
        Parallelism = 2,
    };

    private async Task<PublishResult> PublishAsync(string registry, string repository, TestModel model, CollectingLog log, RetryOptions? retry = null, CancellationToken? ct = null, params string[] tags) =>
        await PublishAsync(registry, repository, model, log, wholeBlob: false, retry, ct, tags);

    private async Task<PublishResult> PublishAsync(string registry, string repository, TestModel model, CollectingLog log, bool wholeBlob, RetryOptions? retry = null, CancellationToken? ct = null, params string[] tags)
    {
        using RegistryClient client = Client(registry, log, retry, wholeBlob);
        using var _ = new LogDump(TestContext, log);
        return await new ModelcarPublisher(log).PublishAsync(Request(model, tags.Length == 0 ? ["1.0"] : tags), new RegistryImageTarget(client, repository, log: log), ct ?? Ct);
    }

    /// <summary>Reads the tag back from the registry itself (not through the proxy) and compares every model file.</summary>
    private static void AssertReadsBack(string repository, string tag, PublishResult result, TestModel model)
    {
        string image = $"docker://{TestEnvironment.Registry}/{repository}:{tag}";
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)ImageTools.Inspect(image)["Digest"]);
        using var work = new TempDirectory();
        model.AssertUnpacked(ImageTools.Unpack(image, work));
    }

    /// <summary>Writes the publish log into the test's output, for the reader of a failure.</summary>
    private sealed class LogDump(TestContext context, CollectingLog log) : IDisposable
    {
        public void Dispose() => context.WriteLine(string.Join(Environment.NewLine, log.Lines));
    }

    private static int Retries(CollectingLog log) => log.Lines.Count(l => l.Contains("; retry ", StringComparison.Ordinal));

    [TestMethod]
    public async Task ResetOnEveryThirdUploadRequest_ResumesAndPushesAnIdenticalImage()
    {
        int uploads = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry,
            r => r.IsUpload && Interlocked.Increment(ref uploads) % 3 == 0 ? Fault.ResetBeforeForwarding : Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 3 * 1024 * 1024 + 123);
        string repository = NewRepository("reset-nth");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.IsGreaterThanOrEqualTo(2, proxy.FaultsInjected, string.Join("\n", proxy.Seen));
        Assert.AreEqual(proxy.FaultsInjected, Retries(log), string.Join("\n", log.Lines));
        // Resumed at the registry's offset, not from zero: some resume happened past byte 0.
        Assert.IsTrue(log.Lines.Any(l => l.Contains("resuming the upload", StringComparison.Ordinal) && !l.Contains("at byte 0", StringComparison.Ordinal)),
            string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task ResetInTheMiddleOfAChunk_AtAByteOffset_PushesAnIdenticalImage()
    {
        const long breakAt = 1_300_000;
        int broken = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            r.IsUpload && r.RangeStart is { } start && start <= breakAt && breakAt < start + r.ContentLength && Interlocked.Exchange(ref broken, 1) == 0
                ? new Fault.ResetAfterBodyBytes(breakAt - start)
                : Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 3 * 1024 * 1024);
        string repository = NewRepository("reset-offset");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.AreEqual(1, broken, string.Join("\n", proxy.Seen));
        // distribution 2.8 may have stored part of the broken chunk: then it drops the session at the next PATCH
        // (its size no longer matches the session state) and the upload starts again in a new one. Either way, one
        // fault costs at most two retries.
        Assert.IsTrue(Retries(log) is 1 or 2, string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task WholeBlobUpload_SendsALayerInOnePatch_AndReadsBack()
    {
        await using var proxy = new FaultProxy(TestEnvironment.Registry, _ => Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 3 * 1024 * 1024);
        string repository = NewRepository("whole");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log, wholeBlob: true);

        AssertReadsBack(repository, "1.0", result, model);
        // The 3 MiB layer is six chunks long, yet it goes up in a single PATCH.
        var patches = proxy.Seen.Where(s => s.StartsWith("PATCH ", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(1, patches.Length, string.Join("\n", proxy.Seen));
        Assert.AreEqual(0, Retries(log), string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task WholeBlobUploadThatBreaks_GoesOnInChunksFromTheRegistrysOffset()
    {
        const long breakAt = 1_300_000;
        int broken = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            r.Method == "PATCH" && r.IsUpload && r.ContentLength > breakAt && Interlocked.Exchange(ref broken, 1) == 0
                ? new Fault.ResetAfterBodyBytes(breakAt)
                : Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 3 * 1024 * 1024);
        string repository = NewRepository("whole-reset");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log, wholeBlob: true);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.AreEqual(1, broken, string.Join("\n", proxy.Seen));
        Assert.IsTrue(log.Lines.Any(l => l.Contains("going on in chunks", StringComparison.Ordinal)), string.Join("\n", log.Lines));
        var seen = proxy.Seen.ToArray();
        int failed = Array.FindIndex(seen, s => s.Contains("ResetAfterBodyBytes", StringComparison.Ordinal));
        Assert.IsTrue(seen.Skip(failed + 1).Count(s => s.StartsWith("PATCH ", StringComparison.Ordinal)) >= 2, "the rest goes in chunks: " + string.Join("\n", seen));
    }

    [TestMethod]
    public async Task MonolithicPutThatBreaks_FallsBackToChunks()
    {
        int broken = 0;
        // The config and small blobs go up in one PUT with a body: break the first of those.
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            r.Method == "PUT" && r.IsUpload && r.ContentLength > 0 && Interlocked.Exchange(ref broken, 1) == 0
                ? new Fault.ResetAfterBodyBytes(r.ContentLength / 2)
                : Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 100_000);
        string repository = NewRepository("monolithic");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.AreEqual(1, broken);
        var seen = proxy.Seen.ToArray();
        int failed = Array.FindIndex(seen, s => s.Contains("ResetAfterBodyBytes", StringComparison.Ordinal));
        Assert.IsTrue(seen.Skip(failed + 1).Any(s => s.StartsWith("PATCH ", StringComparison.Ordinal)), string.Join("\n", seen));
    }

    [TestMethod]
    public async Task ServiceUnavailable_AndTooManyRequestsWithRetryAfter_AreRetried()
    {
        int heads = 0, patches = 0, manifests = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r => r switch
        {
            { Method: "HEAD" } when Interlocked.Increment(ref heads) <= 2 => new Fault.Respond(503, "upstream unavailable"),
            { Method: "PATCH" } when Interlocked.Increment(ref patches) == 2 => new Fault.Respond(429, """{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""", "application/json", ("Retry-After", "1")),
            { Method: "PUT" } when r.Path.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.Increment(ref manifests) == 1
                => new Fault.Respond(429, "", "text/plain", ("Retry-After", DateTimeOffset.UtcNow.AddSeconds(1).ToString("r"))),
            _ => Fault.Pass,
        });
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 2 * 1024 * 1024);
        string repository = NewRepository("busy");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.AreEqual(4, proxy.FaultsInjected, string.Join("\n", proxy.Seen));
        Assert.AreEqual(4, Retries(log), string.Join("\n", log.Lines));
        Assert.AreEqual(2, log.Lines.Count(l => l.Contains("as Retry-After asked", StringComparison.Ordinal)), string.Join("\n", log.Lines));
        Assert.IsTrue(log.Lines.Any(l => l.Contains("429 Too Many Requests; retry 1 of 6 in 1.0 s", StringComparison.Ordinal)), string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task StalledChunk_IsAbortedByTheNoProgressTimeout_AndRetried()
    {
        int patches = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry,
            r => r.Method == "PATCH" && Interlocked.Increment(ref patches) == 2 ? Fault.Stall : Fault.Pass);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 2 * 1024 * 1024);
        string repository = NewRepository("stall");

        PublishResult result = await PublishAsync(proxy.Address, repository, model, log);

        AssertReadsBack(repository, "1.0", result, model);
        Assert.IsTrue(log.Lines.Any(l => l.Contains("no byte moved for 3 s", StringComparison.Ordinal)), string.Join("\n", log.Lines));
    }

    [TestMethod]
    public async Task DownloadThatStallsAfterItsHeaders_FailsClearly_InsteadOfHanging()
    {
        await using var proxy = new FaultProxy(TestEnvironment.Registry,
            r => r.Method == "GET" && r.Path.Contains("/blobs/sha256:", StringComparison.Ordinal) ? new Fault.StallResponseAfter(100) : Fault.Pass);
        var log = new CollectingLog();
        // Every download of the layer stalls, so its one resume stalls too and the retry budget ends it.
        using RegistryClient client = Client(proxy.Address, log, FastRetries with { MaxRetries = 1 });
        var manifest = await client.GetManifestAsync("modelcar-test/busybox", "1.36", Ct);
        var layer = OciJson.Deserialize<ImageManifest>(manifest!.Content, "the busybox manifest").Layers[0];

        await using Stream blob = await client.OpenBlobAsync("modelcar-test/busybox", layer.Digest, Ct);
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => blob.CopyToAsync(Stream.Null, Ct));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, "no byte moved for 3 s");
        StringAssert.Contains(e.Message, layer.Digest.ToString());
        StringAssert.Contains(e.Message, "gave up after 1 retry");
    }

    [TestMethod]
    public async Task PermanentServerError_OnTheManifest_FailsWithTheRetryCount_AndLeavesTheOldTag()
    {
        string repository = NewRepository("permanent");
        using var oldModel = new TestModel(largeFileSize: 10_000);
        PublishResult old = await PublishAsync(TestEnvironment.Registry, repository, oldModel, new CollectingLog());

        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal) ? new Fault.Respond(503, "<html><body>Service Unavailable</body></html>", "text/html") : Fault.Pass);
        var log = new CollectingLog();
        using var newModel = new TestModel(largeFileSize: 20_000);
        var retry = FastRetries with { MaxRetries = 3 };

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => PublishAsync(proxy.Address, repository, newModel, log, retry));

        Assert.AreEqual(ErrorCodes.RegistryProtocolError, e.Code);
        StringAssert.Contains(e.Message, "503");
        StringAssert.Contains(e.Message, "Service Unavailable");
        StringAssert.Contains(e.Message, "gave up after 3 retries");
        Assert.AreEqual(3, Retries(log));
        Assert.AreEqual(old.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:1.0")["Digest"]);
    }

    [TestMethod]
    public async Task RegistryThatAnswersNothing_IsUnreachableAfterItsRetries()
    {
        await using var proxy = new FaultProxy(TestEnvironment.Registry, _ => Fault.CloseWithoutAnswer);
        var log = new CollectingLog();
        using var model = new TestModel(largeFileSize: 10_000);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => PublishAsync(proxy.Address, NewRepository("silent"), model, log, FastRetries with { MaxRetries = 2 }));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, proxy.Address);
        StringAssert.Contains(e.Message, "gave up after 2 retries");
    }

    [TestMethod]
    public async Task RegistryThatAnswersHtml_IsAProtocolErrorWithASnippet_NotRetried()
    {
        await using var proxy = new FaultProxy(TestEnvironment.Registry,
            r => r.Path.StartsWith("/v2/", StringComparison.Ordinal) && r.Path != "/v2/" ? new Fault.Respond(200, "<html><title>Sign in to Corp Proxy</title></html>", "text/html") : Fault.Pass);
        var log = new CollectingLog();
        using RegistryClient client = Client(proxy.Address, log);

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.GetManifestAsync("modelcar-test/busybox", "1.36", Ct));

        Assert.AreEqual(ErrorCodes.RegistryProtocolError, e.Code);
        StringAssert.Contains(e.Message, "Sign in to Corp Proxy");
        Assert.AreEqual(0, Retries(log));
    }

    [TestMethod]
    public async Task CancelledPublish_CancelsItsUploadSession_AndLeavesTheOldTag()
    {
        string repository = NewRepository("cancel");
        using var oldModel = new TestModel(largeFileSize: 10_000);
        PublishResult old = await PublishAsync(TestEnvironment.Registry, repository, oldModel, new CollectingLog());

        using var cancel = new CancellationTokenSource();
        int patches = 0;
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (r.Method == "PATCH" && Interlocked.Increment(ref patches) == 2) cancel.Cancel();
            return Fault.Pass;
        });
        var log = new CollectingLog();
        using var newModel = new TestModel(largeFileSize: 3 * 1024 * 1024);

        await Assert.ThrowsAsync<OperationCanceledException>(() => PublishAsync(proxy.Address, repository, newModel, log, ct: cancel.Token));

        Assert.IsTrue(proxy.Seen.Any(s => s.StartsWith("DELETE /v2/", StringComparison.Ordinal) && s.Contains("/blobs/uploads/", StringComparison.Ordinal)),
            string.Join("\n", proxy.Seen));
        Assert.AreEqual(old.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:1.0")["Digest"]);
        Assert.IsFalse(proxy.Seen.Any(s => s.StartsWith("PUT ", StringComparison.Ordinal) && s.Contains("/manifests/", StringComparison.Ordinal)));
    }
}
