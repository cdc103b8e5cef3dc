namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// How hard the client tries before it gives up on a registry that fails in ways that usually pass: a reset
/// connection, a stall, 408, 429 and 5xx. Every retry is bounded twice, by count and by elapsed time, so that a
/// registry that is down fails a CI job in minutes, not hours.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt of one request (or one blob upload); 0 turns retrying off.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>No retry starts later than this after the first attempt of the request.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first backoff; each next one doubles, up to <see cref="MaxDelay"/>, with full jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A request that moves no byte (sending or waiting for the answer) for this long is aborted and counted as a
    /// transient failure. This replaces a whole-request timeout, which cannot fit both a 1 KB config and a 20 GB layer.
    /// </summary>
    public TimeSpan NoProgressTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public static RetryOptions None { get; } = new() { MaxRetries = 0 };

    /// <summary>
    /// The settings from their MSBuild properties (<c>ModelcarRegistryRetries</c>, <c>ModelcarRegistryRetryTimeout</c>
    /// and <c>ModelcarRegistryNoProgressTimeout</c>, in whole seconds); an empty value keeps the default.
    /// </summary>
    public static RetryOptions FromProperties(string? retries, string? retryTimeoutSeconds, string? noProgressTimeoutSeconds)
    {
        var defaults = new RetryOptions();
        return new RetryOptions
        {
            MaxRetries = Whole(retries, "ModelcarRegistryRetries", "5") ?? defaults.MaxRetries,
            MaxElapsed = Whole(retryTimeoutSeconds, "ModelcarRegistryRetryTimeout", "300") is { } elapsed ? TimeSpan.FromSeconds(elapsed) : defaults.MaxElapsed,
            NoProgressTimeout = Whole(noProgressTimeoutSeconds, "ModelcarRegistryNoProgressTimeout", "120") is { } stall ? TimeSpan.FromSeconds(stall) : defaults.NoProgressTimeout,
        }.Validated();
    }

    private static int? Whole(string? text, string property, string example)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }
        throw new ModelcarException(ErrorCodes.InvalidRetrySetting,
            $"{property} is '{text}', which is not a whole number. Give a number such as {example}{(property == "ModelcarRegistryRetries" ? "" : " (seconds)")}.");
    }

    /// <summary>Checks the values a user can set; the message names the MSBuild property.</summary>
    public RetryOptions Validated()
    {
        if (MaxRetries < 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidRetrySetting,
                $"ModelcarRegistryRetries is {MaxRetries}; it must be 0 (no retries) or a positive number of retries, e.g. 5.");
        }
        if (MaxElapsed <= TimeSpan.Zero)
        {
            throw new ModelcarException(ErrorCodes.InvalidRetrySetting,
                $"ModelcarRegistryRetryTimeout is {MaxElapsed.TotalSeconds} seconds; it must be a positive number of seconds, e.g. 300.");
        }
        if (NoProgressTimeout <= TimeSpan.Zero)
        {
            throw new ModelcarException(ErrorCodes.InvalidRetrySetting,
                $"ModelcarRegistryNoProgressTimeout is {NoProgressTimeout.TotalSeconds} seconds; it must be a positive number of seconds, e.g. 120.");
        }
        return this;
    }
}
