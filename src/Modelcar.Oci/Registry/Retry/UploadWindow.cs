namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// Keeps every upload request inside a registry's upload-time window (ghcr.io drops an upload after 10 minutes, gcr.io
/// any request after 2 hours): from the throughput measured on the requests already sent, a request is sized to last
/// at most half the window, and a blob goes in one request only when it fits that budget. Until something is measured
/// a request is a probe of 4 MiB (ghcr.io's own body cap; at 7 KB/s it still ends inside ghcr.io's 10 minutes). Shared by the parallel uploads of one client, so each measures what it gets of
/// the shared link.
/// </summary>
internal sealed class UploadWindow(TimeSpan window, TimeProvider? time = null)
{
    /// <summary>The most one request carries before any throughput is measured.</summary>
    public const int ProbeBytes = 4 * 1024 * 1024;

    /// <summary>The least a request carries however slow the link: below it, request overhead costs more than the window risk.</summary>
    public const int SmallestRequest = 64 * 1024;

    // A new measurement weighs this much against the past: throughput moves, but one stall should not halve every chunk.
    private const double Smoothing = 0.3;

    private readonly object _gate = new();
    private double? _bytesPerSecond;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    public TimeSpan Window { get; } = window;

    /// <summary>What a request may take: half the window, leaving room for a slower stretch than measured.</summary>
    public TimeSpan Budget => Window / 2;

    public double? BytesPerSecond
    {
        get { lock (_gate) return _bytesPerSecond; }
    }

    /// <summary>One request of <paramref name="bytes"/> that took <paramref name="elapsed"/> (request sent to answer read).</summary>
    public void Record(long bytes, TimeSpan elapsed)
    {
        if (bytes <= 0 || elapsed <= TimeSpan.Zero) return;
        double rate = bytes / elapsed.TotalSeconds;
        lock (_gate) _bytesPerSecond = _bytesPerSecond is { } past ? past + Smoothing * (rate - past) : rate;
    }

    /// <summary>The most bytes one request may carry now: a probe until measured, then throughput × budget (at least 64 KiB).</summary>
    public long RequestLimit => BytesPerSecond is { } rate ? Math.Max(SmallestRequest, (long)Math.Min(long.MaxValue / 2, rate * Budget.TotalSeconds)) : ProbeBytes;

    /// <summary>Whether a whole blob of <paramref name="length"/> bytes would finish within the budget at the measured rate.</summary>
    public bool Fits(long length) => BytesPerSecond is { } rate && length / rate <= Budget.TotalSeconds;
}
