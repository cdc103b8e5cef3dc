using System.Diagnostics;

namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// The retries left to one operation (a request, or a whole blob upload with its resumes): it counts attempts,
/// watches the clock, picks each backoff and logs it. Full jitter (a random delay between zero and the exponential
/// bound) keeps parallel layer uploads that failed together from retrying together.
/// </summary>
internal sealed class RetryBudget(RetryOptions options, IOciLog log, string registry, Func<double>? random = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    // What the time bound measures: since the first attempt, or since the operation last moved a byte forward.
    private readonly Stopwatch _window = Stopwatch.StartNew();
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>Retries done so far.</summary>
    public int Retries { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// The delay before the next attempt, or null when the budget is spent. A server's Retry-After wins over the
    /// backoff (it knows when it will be back) but never past the time budget.
    /// </summary>
    public TimeSpan? Next(TimeSpan? retryAfter)
    {
        if (Retries >= options.MaxRetries) return null;
        TimeSpan delay = retryAfter ?? Backoff(Retries);
        if (_window.Elapsed + delay > options.MaxElapsed) return null;
        Retries++;
        return delay;
    }

    /// <summary>
    /// The operation moved forward (a resumed download received bytes): the time bound starts again, so a long
    /// download that keeps moving is not cut off by a bound meant for a registry that is down. The count stays.
    /// </summary>
    public void Progressed() => _window.Restart();

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
    public string Summary => Retries == 0 ? "" : $" (gave up after {Retries} {(Retries == 1 ? "retry" : "retries")} in {_clock.Elapsed.TotalSeconds:0} s)";

    internal TimeSpan Backoff(int retry)
    {
        double bound = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(bound * _random());
    }
}
