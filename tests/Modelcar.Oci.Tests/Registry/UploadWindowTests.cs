using System.Net;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Limits;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>
/// Uploads to a registry with an upload-time window (ghcr.io: 10 minutes) are cut so that no request can outlive it at
/// the measured throughput. The link's speed is simulated with a clock the stub registry moves by hand (no real
/// registry here can be made slow on demand, and waiting minutes in a test would prove nothing more).
/// </summary>
[TestClass]
public sealed class UploadWindowTests
{
    private const int MiB = 1024 * 1024;

    /// <summary>A clock that only moves when told to.</summary>
    private sealed class HandClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [TestMethod]
    public void BeforeAnyMeasurement_ARequestIsAProbe_AndNoWholeBlobFits()
    {
        var window = new UploadWindow(TimeSpan.FromMinutes(10), new HandClock());
        Assert.AreEqual(UploadWindow.ProbeBytes, window.RequestLimit);
        Assert.IsFalse(window.Fits(10 * MiB));
    }

    [TestMethod]
    public void AfterAMeasurement_ARequestLastsAtMostHalfTheWindow()
    {
        var window = new UploadWindow(TimeSpan.FromMinutes(10), new HandClock());
        window.Record(10 * 1024 * 100, TimeSpan.FromSeconds(100)); // 10 KiB/s
        Assert.AreEqual(10 * 1024 * 300, window.RequestLimit, "10 KiB/s for 5 minutes");
        Assert.IsTrue(window.Fits(10 * 1024 * 300));
        Assert.IsFalse(window.Fits(10 * 1024 * 300 + 1024));
    }

    [TestMethod]
    public void ACrawlingLink_NeverGetsARequestBelow64KiB()
    {
        var window = new UploadWindow(TimeSpan.FromMinutes(10));
        window.Record(1000, TimeSpan.FromSeconds(100)); // 10 B/s
        Assert.AreEqual(UploadWindow.SmallestRequest, window.RequestLimit);
    }

    [TestMethod]
    public void ChunkSizing_TakesTheSmallerOfTheChunkAndTheWindow()
    {
        var window = new UploadWindow(TimeSpan.FromMinutes(10));
        var sizing = new ChunkSizing("registry.example.com", 16 * MiB, window);
        Assert.AreEqual(4 * MiB, sizing.RequestLimit, "a probe first");
        window.Record(100L * MiB, TimeSpan.FromSeconds(10)); // 10 MiB/s: 3000 MiB in 5 minutes
        Assert.AreEqual(16 * MiB, sizing.RequestLimit, "a fast link keeps the configured chunk");
        Assert.IsTrue(sizing.AllowsWholeBlobRequest(2000L * MiB));
        Assert.IsFalse(sizing.AllowsWholeBlobRequest(4000L * MiB), "4000 MiB at 10 MiB/s would take 6.7 minutes, over half the window");
        Assert.AreEqual(16 * MiB, new ChunkSizing("registry.example.com", 16 * MiB).RequestLimit, "no window, no cap");
        Assert.IsTrue(new ChunkSizing("registry.example.com", 16 * MiB).AllowsWholeBlobRequest(long.MaxValue));
    }

    [TestMethod]
    public void TheTable_GivesGhcrItsTenMinuteWindow() =>
        Assert.AreEqual(TimeSpan.FromMinutes(10), RegistryLimits.For("ghcr.io")!.UploadWindow);

    /// <summary>The body's length as sent: Content-Length, else the end of its Content-Range (a streamed one-request body).</summary>
    private static long BodyLength(HttpRequestMessage r) =>
        r.Content!.Headers.ContentLength ?? (r.Content.Headers.NonValidated.TryGetValues("Content-Range", out var range)
            ? long.Parse(range.ToString().Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) + 1
            : 0);

    [TestMethod]
    public async Task ASlowUpload_IsCutIntoRequestsThatFinishInsideTheWindow()
    {
        // 8 KiB/s against ghcr.io's 10 minutes: the 4 MiB probe takes 512 s; then each request may take 300 s, so 2400 KiB.
        const double bytesPerSecond = 8 * 1024;
        var window = TimeSpan.FromMinutes(10);
        var clock = new HandClock();
        var durations = new List<TimeSpan>();
        var handler = new StubHandler(r =>
        {
            if (r.Content is not null && r.Method != HttpMethod.Post)
            {
                // The stub "receives" the body at the simulated link speed.
                var took = TimeSpan.FromSeconds(BodyLength(r) / bytesPerSecond);
                clock.Advance(took);
                lock (durations) durations.Add(took);
            }
            if (r.Method == HttpMethod.Put) return new HttpResponseMessage(HttpStatusCode.Created);
            var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
            accepted.Headers.TryAddWithoutValidation("Location", "/v2/acme/model/blobs/uploads/u");
            return accepted;
        });
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions
        {
            Handler = handler,
            ChunkSize = 16 * MiB,
            UploadWindow = window,
            Time = clock,
            Credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>()),
        });
        byte[] content = new byte[12 * MiB];
        Random.Shared.NextBytes(content);

        var (digest, size) = await client.PushBlobStreamAsync("acme/model", _ => Task.FromResult<Stream>(new MemoryStream(content)), null, CancellationToken.None);

        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(12L * MiB, size);
        var sent = handler.Bodies.Where(b => b.Method != HttpMethod.Post).ToList();
        Assert.AreEqual(4 * MiB, sent[0].Length, "the first request is a 4 MiB probe, not one 12 MiB request nor a 16 MiB chunk");
        Assert.IsTrue(sent.Skip(1).All(b => b.Length <= 2400 * 1024), string.Join(", ", sent.Select(b => b.Length)));
        Assert.IsTrue(sent.Count >= 5, "the other 8 MiB in requests of at most 2400 KiB");
        Assert.AreEqual(12L * MiB, sent.Sum(b => b.Length));
        // Only the probe, sent before anything was measured, may take longer than the budget; none outlives the window.
        Assert.IsTrue(durations.All(d => d < window), string.Join(", ", durations));
        Assert.IsTrue(durations.Skip(1).All(d => d <= window / 2), string.Join(", ", durations));
    }

    [TestMethod]
    public async Task AFastUpload_ToAWindowedRegistry_StillGoesInOneRequestOnceMeasured()
    {
        var clock = new HandClock();
        var handler = new StubHandler(r =>
        {
            if (r.Content is not null && r.Method != HttpMethod.Post) clock.Advance(TimeSpan.FromSeconds(BodyLength(r) / (100.0 * MiB)));
            if (r.Method == HttpMethod.Put) return new HttpResponseMessage(HttpStatusCode.Created);
            var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
            accepted.Headers.TryAddWithoutValidation("Location", "/v2/acme/model/blobs/uploads/u");
            return accepted;
        });
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions
        {
            Handler = handler, ChunkSize = MiB, UploadWindow = TimeSpan.FromMinutes(10), Time = clock,
            Credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>()),
        });
        byte[] first = new byte[3 * MiB], second = new byte[5 * MiB];
        Random.Shared.NextBytes(first);
        Random.Shared.NextBytes(second);

        await client.PushBlobStreamAsync("acme/model", _ => Task.FromResult<Stream>(new MemoryStream(first)), null, CancellationToken.None);
        var firstUpload = handler.Bodies.Where(b => b.Method == HttpMethod.Patch).ToList();
        Assert.IsTrue(firstUpload.Count > 1, "nothing measured yet: the first blob goes in chunks, not one request");
        int before = handler.Bodies.Count;
        await client.PushBlobStreamAsync("acme/model", _ => Task.FromResult<Stream>(new MemoryStream(second)), null, CancellationToken.None);

        var secondUpload = handler.Bodies.Skip(before).Where(b => b.Method == HttpMethod.Patch).ToList();
        Assert.HasCount(1, secondUpload, "measured at 100 MiB/s, 5 MiB fits the window: one request");
        Assert.AreEqual(5L * MiB, secondUpload[0].Length);
    }
}
