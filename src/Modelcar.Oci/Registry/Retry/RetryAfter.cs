using System.Globalization;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// The <c>Retry-After</c> header (RFC 9110 §10.2.3): either a number of seconds or an HTTP date. Read from the raw
/// header because a registry behind a proxy sends either form, and a malformed one must not fail the request.
/// </summary>
internal static class RetryAfter
{
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.NonValidated.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue));
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
