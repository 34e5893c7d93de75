namespace DreamBot.Shared.Discord.RateLimiting;

/// <summary>How transient failures (5xx, dropped connections, timed-out attempts) are retried: jittered exponential backoff.</summary>
public sealed record DiscordRetryPolicy
{
    public static DiscordRetryPolicy Default { get; } = new();

    /// <summary>Retries after the first attempt; a request is sent at most MaxRetries + 1 times.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>One attempt's limit, body included; a stalled upload is abandoned and retried instead of holding its bucket.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff before retry <paramref name="retry"/> (1-based): base·2^(retry-1), scaled by a random 50–100 %.</summary>
    public TimeSpan DelayBeforeRetry(int retry, double jitter)
    {
        var exponential = BaseDelay * Math.Pow(2, retry - 1);
        var capped = exponential < MaxDelay ? exponential : MaxDelay;
        return capped * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)));
    }
}
