using System.Globalization;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// Seconds between progress lines of a publish: 10, or <c>MODELCAR_PROGRESS_INTERVAL</c> (for CI logs that want
/// fewer lines, and for tests that need a line from a short upload).
/// </summary>
internal static class ProgressInterval
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static TimeSpan FromEnvironment(Func<string, string?> environment, IModelcarLog log)
    {
        string? text = environment("MODELCAR_PROGRESS_INTERVAL");
        if (string.IsNullOrWhiteSpace(text)) return Default;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds is >= 0.01 and <= 3600) return TimeSpan.FromSeconds(seconds);
        log.Info($"MODELCAR_PROGRESS_INTERVAL '{text}' is not a number of seconds from 0.01 to 3600; progress is reported every {Default.TotalSeconds:0} s.");
        return Default;
    }
}
