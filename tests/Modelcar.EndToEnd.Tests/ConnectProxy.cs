using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// An HTTP CONNECT proxy on loopback that tunnels every <c>CONNECT host:port</c> to 127.0.0.1:port. A publish run with
/// <c>HTTPS_PROXY</c> pointing here addresses a test registry by a non-loopback name (so its certificate is really
/// verified: loopback registries are allowed unverified TLS) without DNS or /etc/hosts; TLS stays end to end. It is
/// ours because no CONNECT proxy ships here; it is also what a company proxy does.
/// </summary>
internal sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConnectProxy()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The value for HTTPS_PROXY.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every CONNECT target asked for, as host:port.</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = TunnelAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string head = await ReadHeadAsync(stream);
                string[] requestLine = head.Split("\r\n")[0].Split(' ');
                if (requestLine is not ["CONNECT", var target, _] || !int.TryParse(target[(target.LastIndexOf(':') + 1)..], out int port))
                {
                    await stream.WriteAsync("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
                    return;
                }
                Targets.Enqueue(target);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray());
                var up = upstream.GetStream();
                await Task.WhenAny(stream.CopyToAsync(up, _stop.Token), up.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A side closed: the tunnel ends.
            }
        }
    }

    // The request head, byte by byte up to the blank line, so no tunnelled byte is read by mistake.
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 8192)
        {
            if (await stream.ReadAsync(one) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
