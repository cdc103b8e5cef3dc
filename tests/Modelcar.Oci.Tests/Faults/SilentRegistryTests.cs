using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>
/// A registry port that accepts the connection and then says nothing (a hung process, a half-open load balancer): a
/// real TCP listener that accepts and never answers, neither TLS nor http. The client must give up within the
/// no-progress bound per attempt, retry, and end in a coded connection error, never MODELCAR099.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class SilentRegistryTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly RetryOptions QuickStalls = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        NoProgressTimeout = TimeSpan.FromSeconds(2),
    };

    [TestMethod]
    [DataRow("127.0.0.1", DisplayName = "loopback: https is probed first, then http")]
    [DataRow("silent-registry.test", DisplayName = "a named registry: https only")]
    public async Task APortThatAcceptsAndNeverAnswers_IsARetriedUnreachableError_WithinTheNoProgressBound(string host)
    {
        await using var silent = new SilentListener();
        string registry = $"{host}:{silent.Port}";
        var log = new CollectingLog();
        // The client's own handler (its connect timeout and TLS settings), with every name connected to the listener on
        // loopback so that the named registry needs no DNS.
        using var handler = RegistryHttpHandler.Create(registry, [], extraRoots: null);
        handler.ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, silent.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        };
        using var client = new RegistryClient(registry, new RegistryClientOptions
        {
            Handler = handler,
            InsecureRegistries = [],
            Retry = QuickStalls,
            Log = log,
        });

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(
            () => client.HeadManifestAsync("modelcar-tests/silent", "1.0", TestContext.CancellationToken));
        clock.Stop();
        TestContext.WriteLine(string.Join(Environment.NewLine, log.Lines));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code, e.Message);
        Assert.StartsWith($"Cannot reach the registry '{registry}': no byte moved for 2 s", e.Message);
        Assert.Contains("(gave up after 2 retries in ", e.Message);
        Assert.AreEqual(2, log.Lines.Count(l => l.Contains("; retry ", StringComparison.Ordinal)), "each stall is retried");
        // Three attempts of at most 2 s each (the loopback one probes https, then http, within each attempt's bound),
        // plus backoffs: far below the fixed 30 s connect timeout that used to end in MODELCAR099.
        Assert.IsLessThan(TimeSpan.FromSeconds(15), clock.Elapsed, $"took {clock.Elapsed}");
        // SocketsHttpHandler keeps a pending connection attempt for the next request, so one accept may serve all three.
        Assert.IsGreaterThanOrEqualTo(1, silent.Accepted, "the attempts reached the listener");
    }
}
