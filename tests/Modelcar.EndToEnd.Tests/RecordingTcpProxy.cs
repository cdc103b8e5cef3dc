using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server that keeps the bytes clients send, so a test can read the
/// HTTP request lines exactly as they went over the wire. Used in front of s3rver, which does not verify signatures
/// and (started --silent) logs no request line: what the proxy records is what s3rver received.
/// </summary>
internal sealed class RecordingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<byte[]> _sent = new();
    private readonly Task _accepting;

    public RecordingTcpProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request lines (<c>GET /path?query HTTP/1.1</c>) in the bytes clients sent.</summary>
    public IReadOnlyList<string> RequestLines()
    {
        string all = Encoding.Latin1.GetString(_sent.SelectMany(b => b).ToArray());
        return all.Split("\r\n").Where(l => l.StartsWith("GET ", StringComparison.Ordinal) || l.StartsWith("HEAD ", StringComparison.Ordinal)).ToList();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
                NetworkStream fromClient = client.GetStream(), toServer = server.GetStream();
                Task up = CopyAsync(fromClient, toServer, record: true);
                Task down = CopyAsync(toServer, fromClient, record: false);
                await Task.WhenAny(up, down);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool record)
    {
        byte[] buffer = new byte[65536];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (record) _sent.Enqueue(buffer[..read]);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
