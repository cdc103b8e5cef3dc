using System.Net;
using System.Net.Sockets;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// Decides whether a failure is worth another attempt, and names it for the log. Transient: a connection reset or
/// refused, a response that ended early, a stall, 408, 429 and the 5xx family. Not transient: a name that does not
/// resolve, TLS, 4xx (a bad request stays bad), 501 and 505 (the server will never do it).
/// </summary>
internal static class TransientFailure
{
    public static string? Reason(HttpResponseMessage response) => (int)response.StatusCode switch
    {
        408 => "408 Request Timeout",
        429 => "429 Too Many Requests",
        501 or 505 => null,
        >= 500 and <= 599 => $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}",
        _ => null,
    };

    /// <summary>The reason an exception is transient, or null. Looks through wrappers to the cause.</summary>
    public static string? Reason(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NoProgressException stall:
                    return stall.Message;
                case HttpRequestException http when http.HttpRequestError is HttpRequestError.NameResolutionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.UserAuthenticationError
                    or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.ProxyTunnelError:
                    return null;
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "the connection closed before the response ended";
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http when http.InnerException is null:
                    return "the connection failed";
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted
                    or SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.Shutdown or SocketError.NetworkReset
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain:
                    return $"the connection failed ({socket.SocketErrorCode})";
                case IOException io when io.InnerException is null:
                    return $"the connection broke ({io.Message.TrimEnd('.')})";
                case TimeoutException:
                    return "the connection timed out";
                case OperationCanceledException:
                    // Never the user's cancellation: the transport rethrows that one unwrapped.
                    return "the request timed out";
            }
        }
        return null;
    }

    public static bool IsBodyTooLarge(HttpStatusCode status, string detail) =>
        status == HttpStatusCode.RequestEntityTooLarge ||
        (status == HttpStatusCode.RequestedRangeNotSatisfiable && detail.Contains("too large", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A request moved no byte for the no-progress timeout; the transport aborted it.</summary>
internal sealed class NoProgressException(TimeSpan timeout)
    : TimeoutException($"no byte moved for {timeout.TotalSeconds:0} s");
