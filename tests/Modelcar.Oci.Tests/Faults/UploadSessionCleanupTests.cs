using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>
/// What a cancelled (Ctrl-C) or broken upload leaves on the real docker-registry, read from its own storage: it keeps
/// each open upload session as a folder <c>repositories/&lt;repo&gt;/_uploads/&lt;uuid&gt;</c> with a <c>startedat</c>
/// file (upload purging is off in the test environment, so only the client's DELETE can remove one), and through its
/// API (a GET on the session URL).
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class UploadSessionCleanupTests
{
    private const int Chunk = 512 * 1024;

    public TestContext TestContext { get; set; } = null!;

    private static string NewRepository(string name) => $"modelcar-tests/sessions-{name}-{Guid.NewGuid():N}";

    private static ModelcarImageRequest Request(TestModel model) => new()
    {
        Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
        Layers = model.Plan(),
        User = "1010",
        Tags = ["1.0"],
        Annotations = new Dictionary<string, string>(),
        Parallelism = 2,
    };

    private async Task PublishAsync(FaultProxy proxy, string repository, TestModel model, RetryOptions retry, CollectingLog log, CancellationToken ct)
    {
        using var client = new RegistryClient(proxy.Address, new RegistryClientOptions { InsecureRegistries = [], ChunkSize = Chunk, Log = log, Retry = retry, WholeBlobUploads = false });
        try
        {
            await new ModelcarPublisher(log).PublishAsync(Request(model), new RegistryImageTarget(client, repository, log: log), ct);
        }
        finally
        {
            TestContext.WriteLine(string.Join(Environment.NewLine, log.Lines));
            TestContext.WriteLine(string.Join(Environment.NewLine, proxy.Seen));
        }
    }

    /// <summary>
    /// The upload sessions the registry still holds for <paramref name="repository"/>: folders with the
    /// <c>startedat</c> file distribution needs to resume one. (distribution 2.8 rewrites a hash-state file after a
    /// successful DELETE, so an emptied folder with only <c>hashstates/</c> can remain; it is no session.)
    /// </summary>
    private static string[] OpenSessions(string repository)
    {
        string uploads = Path.Combine(TestEnvironment.RegistryStorage, "repositories", repository, "_uploads");
        return Directory.Exists(uploads)
            ? Directory.GetDirectories(uploads).Where(d => File.Exists(Path.Combine(d, "startedat"))).Select(d => Path.GetFileName(d)).ToArray()
            : [];
    }

    /// <summary>The session URLs (path and query) the client sent a DELETE for, as the proxy saw them.</summary>
    private static string[] CancelledSessions(FaultProxy proxy) =>
        proxy.Seen.Where(s => s.StartsWith("DELETE /v2/", StringComparison.Ordinal) && s.Contains("/blobs/uploads/", StringComparison.Ordinal))
            .Select(s => s["DELETE ".Length..s.IndexOf(' ', "DELETE ".Length)]).ToArray();

    /// <summary>The registry's own answer to a GET on a session URL: 404 BLOB_UPLOAD_UNKNOWN once it is gone.</summary>
    private static async Task<string> SessionStatusAsync(string pathAndQuery)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://{TestEnvironment.Registry}{pathAndQuery}");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}".Trim();
    }

    [TestMethod]
    public async Task CancelledMidUpload_LeavesNoUploadSessionInTheRegistrysStorage()
    {
        string repository = NewRepository("cancel");
        using var cancel = new CancellationTokenSource();
        int patches = 0;
        // Cancelled while the third chunk is on its way: the session has taken two chunks, so its URL has moved on.
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
        {
            if (r.Method == "PATCH" && Interlocked.Increment(ref patches) == 3) cancel.Cancel();
            return Fault.Pass;
        });
        using var model = new TestModel(largeFileSize: 4 * 1024 * 1024);

        var log = new CollectingLog();
        await Assert.ThrowsAsync<OperationCanceledException>(() => PublishAsync(proxy, repository, model, new RetryOptions(), log, cancel.Token));

        string[] cancelled = CancelledSessions(proxy);
        Assert.IsNotEmpty(cancelled, "the session was cancelled");
        foreach (string session in cancelled)
        {
            StringAssert.StartsWith(await SessionStatusAsync(session), "404 {\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\"", session);
        }
        CollectionAssert.AreEqual(Array.Empty<string>(), OpenSessions(repository), "upload sessions left on the registry");
        Assert.IsFalse(log.Lines.Any(l => l.Contains("did not cancel", StringComparison.Ordinal)), "every DELETE was accepted");
    }

    /// <summary>
    /// A chunk cut half-way: distribution keeps the bytes it got, so the session URL's state no longer matches, and it
    /// refuses every request on that session, the DELETE included (404 BLOB_UPLOAD_INVALID; 2.8 then fails to drop the
    /// session itself). Nothing the client sends can remove it, so the client must say so rather than claim it did.
    /// </summary>
    [TestMethod]
    public async Task UploadBrokenForGood_CancelsItsSession_OrSaysItStaysUntilThePurge()
    {
        string repository = NewRepository("broken");
        int patches = 0;
        // The second chunk of every upload is cut after half its bytes reached the registry, with no retry left.
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r =>
            r.Method == "PATCH" && Interlocked.Increment(ref patches) == 2 ? new Fault.ResetAfterBodyBytes(Chunk / 2) : Fault.Pass);
        using var model = new TestModel(largeFileSize: 4 * 1024 * 1024);

        var log = new CollectingLog();
        var e = await Assert.ThrowsAsync<ModelcarException>(() => PublishAsync(proxy, repository, model, RetryOptions.None, log, TestContext.CancellationToken));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code, e.Message);
        Assert.IsNotEmpty(CancelledSessions(proxy), "a DELETE was sent for the session");
        string[] left = OpenSessions(repository);
        string[] told = log.Lines.Where(l => l.Contains("did not cancel an unfinished upload session", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(left.Length, told, $"each session left on the registry ({string.Join(", ", left)}) is reported, and only those");
        foreach (string line in told)
        {
            Assert.AreEqual($"  '{proxy.Address}' did not cancel an unfinished upload session in '{repository}' (404: BLOB_UPLOAD_INVALID: blob upload invalid); " +
                            "it stays on the registry until the registry's upload purge removes it", line);
        }
    }
}
