namespace DreamBot.Shared.Discord.RateLimiting;

/// <summary>
/// What DreamBot knows of one Discord bucket. Requests through a bucket are serialised by <see cref="Gate"/>, so its
/// state is only touched by the request holding the gate and a burst queues here instead of earning 429s.
/// </summary>
public sealed class RateLimitBucket(string key)
{
    public string Key { get; } = key;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    public DateTimeOffset ResetAt { get; private set; }

    /// <summary>How long a request must wait before this bucket has room; zero when it may go now.</summary>
    public TimeSpan DelayBeforeNext(DateTimeOffset now) =>
        Remaining is 0 && ResetAt > now ? ResetAt - now : TimeSpan.Zero;

    public void Update(int? limit, int remaining, DateTimeOffset resetAt)
    {
        Limit = limit ?? Limit;
        Remaining = remaining;
        ResetAt = resetAt;
    }

    public void Exhaust(DateTimeOffset resetAt)
    {
        Remaining = 0;
        ResetAt = resetAt > ResetAt ? resetAt : ResetAt;
    }
}
