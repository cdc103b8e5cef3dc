using System.Collections.Concurrent;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>
/// Answers requests with a function and records what was sent, for the transport decisions (scheme, auth,
/// redirects) that a real local registry cannot show. Pushing itself is tested against the real registry.
/// </summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Authorization)> Requests { get; } = new();

    /// <summary>Method, URL and the raw Content-Range of each request that had a body, as it goes on the wire.</summary>
    public ConcurrentQueue<(HttpMethod Method, string Uri, string? ContentRange, long Length, string? Body)> Bodies { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        if (request.Content is { } content)
        {
            string? range = content.Headers.NonValidated.TryGetValues("Content-Range", out var values) ? values.ToString() : null;
            byte[] bytes = content.ReadAsByteArrayAsync(cancellationToken).GetAwaiter().GetResult();
            string? text = content is FormUrlEncodedContent ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            Bodies.Enqueue((request.Method, request.RequestUri!.AbsoluteUri, range, bytes.LongLength, text));
        }
        var response = respond(request);
        response.RequestMessage ??= request;
        return Task.FromResult(response);
    }
}
