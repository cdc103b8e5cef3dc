using System.Globalization;

namespace Modelcar.Publishing.Properties;

/// <summary><c>SOURCE_DATE_EPOCH</c>: seconds since the Unix epoch for every timestamp in the image.</summary>
public static class SourceDateEpoch
{
    /// <summary>The seconds; empty means the epoch itself (0).</summary>
    public static long Seconds(string? text) => string.IsNullOrWhiteSpace(text)
        ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            ? seconds
            : throw new ModelcarException(ErrorCodes.InvalidSize, $"SOURCE_DATE_EPOCH '{text}' is not a number of seconds. Unset it or give a value such as the last commit's time (git log -1 --format=%ct).");

    /// <summary>The time, or null when SOURCE_DATE_EPOCH is not set (the image then names no creation time of its own).</summary>
    public static DateTimeOffset? TimeOrNull(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateTimeOffset.FromUnixTimeSeconds(Seconds(text));
}
