using System.Net;
using System.Net.Sockets;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>The retry decisions: what is transient, how long to wait, when to stop. No clocks are measured.</summary>
[TestClass]
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("120", 120.0)]
    [DataRow(" 0 ", 0.0)]
    [DataRow("Mon, 23 Nov 2026 12:00:30 GMT", 30.0)]
    [DataRow("Mon, 23 Nov 2026 11:59:00 GMT", 0.0)]
    public void RetryAfter_ReadsSecondsAndHttpDates(string header, double seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(header, Now));

    [TestMethod]
    [DataRow("soon")]
    [DataRow("-5")]
    [DataRow("")]
    public void RetryAfter_Malformed_IsIgnored(string header) => Assert.IsNull(RetryAfter.Parse(header, Now));

    [TestMethod]
    [DataRow(HttpStatusCode.ServiceUnavailable, true)]
    [DataRow(HttpStatusCode.BadGateway, true)]
    [DataRow(HttpStatusCode.InternalServerError, true)]
    [DataRow(HttpStatusCode.TooManyRequests, true)]
    [DataRow(HttpStatusCode.RequestTimeout, true)]
    [DataRow(HttpStatusCode.NotImplemented, false)]
    [DataRow(HttpStatusCode.NotFound, false)]
    [DataRow(HttpStatusCode.BadRequest, false)]
    public void Statuses_ThatUsuallyPass_AreTransient(HttpStatusCode status, bool transient) =>
        Assert.AreEqual(transient, TransientFailure.Reason(new HttpResponseMessage(status)) is not null);

    [TestMethod]
    public void Exceptions_AreSortedByCause()
    {
        Assert.IsNotNull(TransientFailure.Reason(new ModelcarException("X", "x", new HttpRequestException("reset", new IOException("broken", new SocketException((int)SocketError.ConnectionReset))))));
        Assert.IsNotNull(TransientFailure.Reason(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.IsNotNull(TransientFailure.Reason(new NoProgressException(TimeSpan.FromSeconds(5))));
        Assert.IsNull(TransientFailure.Reason(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
        Assert.IsNull(TransientFailure.Reason(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls")));
        Assert.IsNull(TransientFailure.Reason(new ModelcarException("X", "not a network problem")));
    }

    [TestMethod]
    public void Backoff_DoublesUpToTheCap_WithFullJitter()
    {
        var options = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };
        var top = new RetryBudget(options, NullModelcarLog.Instance, "r", () => 1.0);
        var bottom = new RetryBudget(options, NullModelcarLog.Instance, "r", () => 0.0);

        CollectionAssert.AreEqual(new[] { 1.0, 2, 4, 8, 16, 30, 30 }, Enumerable.Range(0, 7).Select(i => top.Backoff(i).TotalSeconds).ToArray());
        Assert.AreEqual(TimeSpan.Zero, bottom.Backoff(5));
    }

    [TestMethod]
    public void Budget_StopsAtItsCount_AndAtItsTime()
    {
        var counted = new RetryBudget(new RetryOptions { MaxRetries = 2 }, NullModelcarLog.Instance, "r", () => 0.0);
        Assert.IsNotNull(counted.Next(null));
        Assert.IsNotNull(counted.Next(null));
        Assert.IsNull(counted.Next(null));
        StringAssert.Contains(counted.Summary, "gave up after 2 retries");

        var timed = new RetryBudget(new RetryOptions { MaxElapsed = TimeSpan.FromMinutes(1) }, NullModelcarLog.Instance, "r", () => 0.0);
        Assert.IsNull(timed.Next(TimeSpan.FromMinutes(2)), "a Retry-After beyond the time budget is not waited for");
        Assert.AreEqual(TimeSpan.FromSeconds(10), timed.Next(TimeSpan.FromSeconds(10)));
    }

    [TestMethod]
    public void Budget_TimeBound_RestartsWhenTheOperationProgressed_ButTheCountDoesNot()
    {
        var clock = new HandMovedClock();
        var options = new RetryOptions { MaxRetries = 3, MaxElapsed = TimeSpan.FromMinutes(1) };
        var stuck = new RetryBudget(options, NullModelcarLog.Instance, "r", () => 0.0, clock);
        var moving = new RetryBudget(options, NullModelcarLog.Instance, "r", () => 0.0, clock);

        clock.Advance(TimeSpan.FromMinutes(2));
        moving.Progressed();

        Assert.IsNull(stuck.Next(null), "two minutes without progress is past the one-minute bound");
        Assert.IsNotNull(moving.Next(null), "a download that moved just now may resume");
        Assert.IsNotNull(moving.Next(null));
        Assert.IsNotNull(moving.Next(null));
        Assert.IsNull(moving.Next(null), "progress restarts the time bound, never the count");
        Assert.AreEqual(TimeSpan.FromMinutes(2), moving.Elapsed);
    }

    /// <summary>A clock that moves only when the test says so.</summary>
    private sealed class HandMovedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [TestMethod]
    public async Task IdempotentRequest_IsRetriedAfter503_AndNotAfter404()
    {
        int calls = 0;
        var handler = new StubHandler(_ => ++calls <= 2 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : new HttpResponseMessage(HttpStatusCode.NotFound));
        using var client = new RegistryClient("registry.example.com", new RegistryClientOptions
        {
            Handler = handler,
            Credentials = new EnvironmentCredentialProvider(new Dictionary<string, string>()),
            InsecureRegistries = [],
            Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
        });

        Assert.IsNull(await client.GetManifestAsync("acme/model", "1.0", CancellationToken.None));
        Assert.AreEqual(3, calls);
    }

    [TestMethod]
    [DataRow("many", "ModelcarRegistryRetries")]
    [DataRow("-1", "ModelcarRegistryRetries")]
    [DataRow("1.5", "ModelcarRegistryRetryTimeout")]
    public void Properties_ThatAreNotWholeNumbers_AreRefusedByName(string value, string property)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => property == "ModelcarRegistryRetries"
            ? RetryOptions.FromProperties(value, null, null)
            : RetryOptions.FromProperties(null, value, null));
        Assert.AreEqual(ErrorCodes.InvalidRetrySetting, e.Code);
        StringAssert.Contains(e.Message, property);
    }
}
