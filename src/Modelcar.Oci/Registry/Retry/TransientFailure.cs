using System.Net.Sockets;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// Decides whether a failure is worth another attempt, and names it for the log. Transient: a connection reset or
/// refused, a response that ended early, a stall; for an answer, what <see cref="RegistryFailure"/> classifies as
/// transient (408, 429 and the 5xx family). Not transient: a name that does not resolve, TLS.
/// </summary>
internal static class TransientFailure
{
    /// <summary>The reason a response is transient, or null; the rule is <see cref="RegistryFailure.Classify"/>.</summary>
    public static string? Reason(HttpResponseMessage response) => RegistryFailure.FromHead(response).TransientReason;

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

}

/// <summary>A request moved no byte for the no-progress timeout; the transport aborted it.</summary>
internal sealed class NoProgressException(TimeSpan timeout)
    : TimeoutException($"no byte moved for {timeout.TotalSeconds:0} s");
