using System.Net;
using System.Net.Sockets;

namespace Modelcar.Testing;

/// <summary>
/// A TCP port on loopback that accepts every connection and keeps it open without reading or writing a byte: a hung
/// registry process or a half-open load balancer. Port 0, so parallel tests never collide.
/// </summary>
internal sealed class SilentListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly Task _accepting;
    private int _accepted;

    public SilentListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptTcpClientAsync();
                lock (_held) _held.Add(connection);
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_held) _held.ForEach(c => c.Dispose());
    }
}
