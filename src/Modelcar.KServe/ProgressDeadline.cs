using System.Globalization;
using System.Text.RegularExpressions;

namespace Modelcar.KServe;

/// <summary>
/// Knative's <c>serving.knative.dev/progress-deadline</c>: how long a new revision may take to become ready before
/// Knative gives up on it. The default is 10 minutes, and the pull of a large modelcar alone can take longer, so the
/// build raises it from the image size. KServe copies the InferenceService's annotations onto the Knative revision.
/// </summary>
public static partial class ProgressDeadline
{
    public const string AnnotationKey = "serving.knative.dev/progress-deadline";

    /// <summary>Knative's own default (<c>config-deployment</c>'s <c>progress-deadline</c>).</summary>
    public static readonly TimeSpan KnativeDefault = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A conservative pull bandwidth: 8 MiB/s (about 0.5 GB a minute) for download and unpacking together, for a
    /// node that shares its link with other pulls or a registry that throttles. A faster cluster only finishes early.
    /// </summary>
    public const long PullBytesPerSecond = 8L * 1024 * 1024;

    /// <summary>Time the serving runtime gets after the pull to load the model and pass its readiness probe.</summary>
    public static readonly TimeSpan StartupAllowance = TimeSpan.FromMinutes(5);

    /// <summary>The time to pull <paramref name="imageBytes"/> at <see cref="PullBytesPerSecond"/>.</summary>
    public static TimeSpan EstimatedPullTime(long imageBytes) =>
        TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, imageBytes) / (double)PullBytesPerSecond));

    /// <summary>
    /// Pull time plus <see cref="StartupAllowance"/>, rounded up to whole minutes; null when that fits in Knative's
    /// default 10 minutes (images up to about 2.3 GiB), so that small models get no annotation at all.
    /// A 15 GB image gives 35 minutes.
    /// </summary>
    public static TimeSpan? DefaultFor(long imageBytes)
    {
        TimeSpan needed = EstimatedPullTime(imageBytes) + StartupAllowance;
        TimeSpan minutes = TimeSpan.FromMinutes(Math.Ceiling(needed.TotalMinutes));
        return minutes > KnativeDefault ? minutes : null;
    }

    /// <summary>
    /// Parses a Go duration as Knative reads it, limited to hours, minutes and seconds (<c>35m</c>, <c>1h30m</c>,
    /// <c>5400s</c>), which is all a deadline needs. Throws MODELCAR069 for anything else or a non-positive value.
    /// </summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text.Trim());
        TimeSpan value = TimeSpan.Zero;
        if (match.Success)
        {
            foreach (Capture part in match.Groups["part"].Captures)
            {
                char unit = part.Value[^1];
                long amount = long.Parse(part.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture);
                value += unit switch { 'h' => TimeSpan.FromHours(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromSeconds(amount) };
            }
        }
        if (!match.Success || value <= TimeSpan.Zero)
        {
            throw new ModelcarException(ErrorCodes.InvalidProgressDeadline,
                $"KServeProgressDeadline '{text}' is not a positive duration Knative reads. Use whole hours, minutes and seconds such as '45m', '1h30m' or '5400s'.");
        }
        return value;
    }

    /// <summary>The shortest Go duration text for a whole number of seconds: <c>35m</c>, <c>1h30m</c>, <c>90s</c> → <c>1m30s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        long seconds = (long)Math.Ceiling(value.TotalSeconds);
        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        string text = (h > 0 ? $"{h}h" : "") + (m > 0 ? $"{m}m" : "") + (s > 0 ? $"{s}s" : "");
        return text.Length == 0 ? "0s" : text;
    }

    /// <summary>
    /// What the manifest says: the explicit <see cref="InferenceServiceOptions.ProgressDeadline"/>, else in Knative mode
    /// the size-based default; null writes no annotation (Standard mode has no Knative revision to time out).
    /// </summary>
    public static TimeSpan? Effective(InferenceServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ProgressDeadline is { } explicitValue) return explicitValue;
        return DeploymentModes.IsKnative(options.DeploymentMode) && options.ImageSizeBytes is { } size ? DefaultFor(size) : null;
    }

    [GeneratedRegex("^(?<part>[0-9]{1,9}[hms])+$")]
    private static partial Regex Pattern();
}
