using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modelcar.Oci.Tests.Faults;

/// <summary>One request as the proxy saw it, for a <see cref="FaultProxy"/> to decide its fate.</summary>
internal sealed record ProxiedRequest(int Index, string Method, string Path, long ContentLength, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The first byte of the blob this PATCH carries, from its Content-Range ("start-end").</summary>
    public long? RangeStart => Headers.TryGetValue("content-range", out string? range) && long.TryParse(range.Split('-')[0], out long start) ? start : null;

    public bool IsUpload => Path.Contains("/blobs/uploads/", StringComparison.Ordinal) && Method is "PATCH" or "PUT";
}

/// <summary>What the proxy does with a request.</summary>
internal abstract record Fault
{
    public static readonly Fault Pass = new PassFault();

    /// <summary>Resets the connection (RST) before a byte reaches the registry.</summary>
    public static readonly Fault ResetBeforeForwarding = new ResetBeforeFault();

    /// <summary>Reads the request, then closes the connection without an answer.</summary>
    public static readonly Fault CloseWithoutAnswer = new CloseFault();

    /// <summary>Reads the request, then answers nothing and keeps the connection open until the client gives up.</summary>
    public static readonly Fault Stall = new StallFault();

    public sealed record PassFault : Fault;
    public sealed record ResetBeforeFault : Fault;
    public sealed record CloseFault : Fault;
    public sealed record StallFault : Fault;

    /// <summary>Forwards the head and the first <paramref name="Bytes"/> body bytes to the registry, then resets both sides.</summary>
    public sealed record ResetAfterBodyBytes(long Bytes) : Fault;

    /// <summary>Forwards the request, relays the answer's head and first <paramref name="Bytes"/> body bytes, then goes silent.</summary>
    public sealed record StallResponseAfter(long Bytes) : Fault;

    /// <summary>
    /// Forwards the request, relays the answer's head and first <paramref name="Bytes"/> body bytes, then ends the
    /// connection: with a reset, or (<paramref name="Reset"/> false) a clean close, so the body is just short.
    /// </summary>
    public sealed record CutResponseAfter(long Bytes, bool Reset = true) : Fault;

    /// <summary>Forwards the request and relays the whole answer, with the body byte at <paramref name="Offset"/> flipped.</summary>
    public sealed record CorruptResponseAt(long Offset) : Fault;

    /// <summary>Forwards the request without the header <paramref name="Name"/> (say, Range), as a proxy that strips it would.</summary>
    public sealed record DropRequestHeader(string Name) : Fault;

    /// <summary>Answers in the registry's place.</summary>
    public sealed record Respond(int Status, string Body = "", string ContentType = "text/plain", params (string Name, string Value)[] Headers) : Fault;
}

/// <summary>
/// A fault-injecting HTTP/1.1 proxy in front of the real docker-registry. It is ours because no such proxy ships
/// on this machine (toxiproxy and the like are not packaged): a TcpListener on 127.0.0.1 that reads each request's
/// head and body, asks <c>decide</c> what to do, and either forwards it (one request per upstream connection,
/// <c>Connection: close</c> both ways, so the relay needs no response framing) or breaks it on purpose: a reset
/// before or in the middle of the body, a status answered in the registry's place (503, 429 with Retry-After,
/// HTML), no answer at all, or a stall. The registry's own <c>Location</c> headers point back at the proxy because
/// distribution builds them from the request's Host.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly Func<ProxiedRequest, Fault> _decide;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    public FaultProxy(string upstream, Func<ProxiedRequest, Fault> decide)
    {
        string[] parts = upstream.Split(':');
        _upstreamHost = parts[0];
        _upstreamPort = int.Parse(parts[1]);
        _decide = decide;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary><c>127.0.0.1:port</c>, to use as the registry name.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Each request with the fault applied to it, in order: "PATCH /v2/... → ResetAfterBodyBytes { Bytes = 100 }".</summary>
    public ConcurrentQueue<string> Seen { get; } = new();

    public int FaultsInjected => Seen.Count(s => !s.EndsWith("PassFault { }", StringComparison.Ordinal));

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
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            NetworkStream downstream = client.GetStream();
            // The client's https probe (the registry is loopback, so it may fall back to http): a TLS ClientHello
            // starts with 0x16 and never holds a blank line, so refuse it at once, as a plain-http server would.
            byte[] first = new byte[1];
            if (await downstream.ReadAsync(first) == 0 || first[0] == 0x16) return;
            (string head, byte[] leftover) = await ReadHeadAsync(downstream, first);
            if (head.Length == 0) return;
            string[] lines = head.Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1).Where(l => l.Contains(':')))
            {
                headers[line[..line.IndexOf(':')].Trim().ToLowerInvariant()] = line[(line.IndexOf(':') + 1)..].Trim();
            }
            long length = headers.TryGetValue("content-length", out string? value) ? long.Parse(value) : 0;
            var request = new ProxiedRequest(Interlocked.Increment(ref _requests), requestLine[0], requestLine[1], length, headers);
            Fault fault = _decide(request);
            Seen.Enqueue($"{request.Method} {request.Path} → {fault}");

            switch (fault)
            {
                case Fault.ResetBeforeFault:
                    Reset(client);
                    return;
                case Fault.CloseFault:
                    await DrainAsync(downstream, leftover, length);
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                case Fault.StallFault:
                    await DrainAsync(downstream, leftover, length);
                    // Wait for the client to give up (its no-progress timeout), or for the proxy to stop.
                    try { int ignored = await downstream.ReadAsync(new byte[1], _stop.Token); } catch (Exception) { }
                    return;
                case Fault.Respond respond:
                    await DrainAsync(downstream, leftover, length);
                    await WriteResponseAsync(downstream, respond);
                    return;
                case Fault.ResetAfterBodyBytes reset:
                    await ForwardAsync(client, lines, leftover, length, reset.Bytes);
                    return;
                case Fault.StallResponseAfter stall:
                    await ForwardAsync(client, lines, leftover, length, resetAfter: null, stall.Bytes);
                    return;
                case Fault.CutResponseAfter or Fault.CorruptResponseAt:
                    await ForwardAsync(client, lines, leftover, length, resetAfter: null, responseFault: fault);
                    return;
                case Fault.DropRequestHeader drop:
                    await ForwardAsync(client, [.. lines.Where(l => !l.StartsWith(drop.Name + ":", StringComparison.OrdinalIgnoreCase))], leftover, length, resetAfter: null);
                    return;
                default:
                    await ForwardAsync(client, lines, leftover, length, resetAfter: null);
                    return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away (often on purpose, after a fault): nothing to relay.
        }
    }

    private async Task ForwardAsync(TcpClient client, string[] lines, byte[] leftover, long length, long? resetAfter, long? stallResponseAfter = null, Fault? responseFault = null)
    {
        NetworkStream downstream = client.GetStream();
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstreamHost, _upstreamPort);
        NetworkStream up = upstream.GetStream();
        var head = new StringBuilder(lines[0]).Append("\r\n");
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0 && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(line).Append("\r\n");
        }
        head.Append("Connection: close\r\n\r\n");
        await up.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));

        long limit = resetAfter is { } r ? Math.Min(r, length) : length;
        await CopyBodyAsync(downstream, leftover, limit, up);
        if (resetAfter is not null)
        {
            Reset(upstream);
            Reset(client);
            return;
        }

        // The answer: its head gets Connection: close (so the client opens a new connection for the next request),
        // the rest is relayed as it comes until the registry closes.
        (string responseHead, byte[] rest) = await ReadHeadAsync(up);
        var rewritten = new StringBuilder();
        foreach (string line in responseHead.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
        {
            rewritten.Append(line).Append("\r\n");
        }
        rewritten.Append("Connection: close\r\n\r\n");
        await downstream.WriteAsync(Encoding.ASCII.GetBytes(rewritten.ToString()));
        if (stallResponseAfter is { } keep)
        {
            await CopyBodyAsync(up, rest, keep, downstream);
            try { int ignored = await downstream.ReadAsync(new byte[1], _stop.Token); } catch (Exception) { }
            return;
        }
        switch (responseFault)
        {
            case Fault.CutResponseAfter cut:
                await CopyBodyAsync(up, rest, cut.Bytes, downstream);
                if (cut.Reset)
                {
                    Reset(client);
                    return;
                }
                break;
            case Fault.CorruptResponseAt corrupt:
                await CopyCorruptedAsync(up, rest, corrupt.Offset, downstream);
                break;
            default:
                await downstream.WriteAsync(rest);
                await up.CopyToAsync(downstream);
                break;
        }
        client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Relays a whole body, flipping every bit of the byte at <paramref name="offset"/>.</summary>
    private static async Task CopyCorruptedAsync(Stream from, byte[] leftover, long offset, Stream to)
    {
        long position = 0;
        byte[] buffer = new byte[64 * 1024];
        ReadOnlyMemory<byte> piece = leftover;
        while (true)
        {
            if (piece.Length == 0)
            {
                int read = await from.ReadAsync(buffer);
                if (read == 0) return;
                piece = buffer.AsMemory(0, read);
            }
            byte[] copy = piece.ToArray();
            if (offset >= position && offset < position + copy.Length) copy[offset - position] ^= 0xFF;
            await to.WriteAsync(copy);
            position += copy.Length;
            piece = ReadOnlyMemory<byte>.Empty;
        }
    }

    private static async Task CopyBodyAsync(Stream from, byte[] leftover, long count, Stream to)
    {
        int first = (int)Math.Min(leftover.Length, count);
        await to.WriteAsync(leftover.AsMemory(0, first));
        long left = count - first;
        byte[] buffer = new byte[64 * 1024];
        while (left > 0)
        {
            int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
            if (read == 0) break;
            await to.WriteAsync(buffer.AsMemory(0, read));
            left -= read;
        }
    }

    private static Task DrainAsync(Stream from, byte[] leftover, long count) => CopyBodyAsync(from, leftover, count, Stream.Null);

    private static async Task WriteResponseAsync(Stream to, Fault.Respond respond)
    {
        byte[] body = Encoding.UTF8.GetBytes(respond.Body);
        var head = new StringBuilder($"HTTP/1.1 {respond.Status} {(HttpStatusCode)respond.Status}\r\n");
        head.Append($"Content-Type: {respond.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach ((string name, string value) in respond.Headers) head.Append($"{name}: {value}\r\n");
        head.Append("\r\n");
        await to.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await to.WriteAsync(body);
    }

    /// <summary>Reads up to the blank line; returns the head and whatever body bytes came with it.</summary>
    private static async Task<(string Head, byte[] Leftover)> ReadHeadAsync(Stream stream, byte[]? already = null)
    {
        var buffer = new MemoryStream();
        if (already is not null) buffer.Write(already);
        byte[] one = new byte[8192];
        while (true)
        {
            int read = await stream.ReadAsync(one);
            if (read == 0) return ("", []);
            buffer.Write(one, 0, read);
            byte[] all = buffer.GetBuffer();
            int end = IndexOfBlankLine(all, (int)buffer.Length);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..(int)buffer.Length]);
            }
        }
    }

    private static int IndexOfBlankLine(byte[] data, int length)
    {
        for (int i = 0; i + 3 < length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') return i;
        }
        return -1;
    }

    /// <summary>An abortive close: the peer sees "connection reset by peer", not a clean end.</summary>
    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
