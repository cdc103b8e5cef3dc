namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// The retries left to one operation (a request, or a whole blob upload with its resumes): it counts attempts,
/// watches the clock, picks each backoff and logs it. Full jitter (a random delay between zero and the exponential
/// bound) keeps parallel layer uploads that failed together from retrying together.
/// </summary>
/// <param name="time">The clock the time bound reads; tests pass one they move by hand.</param>
internal sealed class RetryBudget(RetryOptions options, IModelcarLog log, string registry, Func<double>? random = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private readonly long _started = (time ?? TimeProvider.System).GetTimestamp();
    // What the time bound measures from: the first attempt, or the last time the operation moved a byte forward.
    private long _windowStart = (time ?? TimeProvider.System).GetTimestamp();

    /// <summary>Retries done so far.</summary>
    public int Retries { get; private set; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>
    /// The delay before the next attempt, or null when the budget is spent. A server's Retry-After wins over the
    /// backoff (it knows when it will be back) but never past the time budget.
    /// </summary>
    public TimeSpan? Next(TimeSpan? retryAfter)
    {
        if (Retries >= options.MaxRetries) return null;
        TimeSpan delay = retryAfter ?? Backoff(Retries);
        if (_time.GetElapsedTime(_windowStart) + delay > options.MaxElapsed) return null;
        Retries++;
        return delay;
    }

    /// <summary>
    /// The operation moved forward (a resumed download received bytes): the time bound starts again, so a long
    /// download that keeps moving is not cut off by a bound meant for a registry that is down. The count stays.
    /// </summary>
    public void Progressed() => _windowStart = _time.GetTimestamp();

    /// <summary>Waits before the next attempt and logs why; false (nothing logged) when no retry is left.</summary>
    public async Task<bool> WaitAsync(string what, string reason, TimeSpan? retryAfter, CancellationToken ct)
    {
        if (Next(retryAfter) is not { } delay) return false;
        string after = retryAfter is null ? "" : " as Retry-After asked";
        log.Info($"  '{registry}': {what} failed: {reason}; retry {Retries} of {options.MaxRetries} in {delay.TotalSeconds:0.0} s{after}");
        await Task.Delay(delay, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>For the final error: how hard it tried.</summary>
    public string Summary => Retries == 0 ? "" : $" (gave up after {Retries} {(Retries == 1 ? "retry" : "retries")} in {Elapsed.TotalSeconds:0} s)";

    internal TimeSpan Backoff(int retry)
    {
        double bound = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(bound * _random());
    }
}
