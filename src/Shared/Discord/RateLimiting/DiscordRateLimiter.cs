using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace DreamBot.Shared.Discord.RateLimiting;

/// <summary>
/// Process-wide rate-limit state learned from Discord's X-RateLimit-* headers: per-route buckets (keyed by
/// Discord's bucket hash and the route's major parameter) and the global pause that stops every bot-token request.
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider time)
{
    private const int PruneEvery = 256;
    private static readonly TimeSpan IdleBeforePruning = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _bucketHashByRoute = new();
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new();
    private readonly Lock _globalLock = new();
    private DateTimeOffset _globalResumeAt;
    private int _lookups;

    /// <summary>Buckets known at the moment; each interaction token adds one, and idle ones are pruned.</summary>
    public int BucketCount => _buckets.Count;

    public RateLimitBucket GetBucket(DiscordRoute route, string majorParameter)
    {
        if (Interlocked.Increment(ref _lookups) % PruneEvery == 0)
            PruneIdle();

        // Until Discord names the bucket, each route is its own; afterwards routes sharing a hash share a bucket.
        var id = _bucketHashByRoute.TryGetValue(route.ToString(), out var hash) ? hash : route.ToString();
        var key = id + "|" + majorParameter;
        return _buckets.GetOrAdd(key, static k => new RateLimitBucket(k));
    }

    // Webhook buckets are per interaction token, so without pruning every /dream would leave one behind forever.
    // A bucket idle this long has nothing left to teach; at worst a request racing the prune gets a fresh one.
    private void PruneIdle()
    {
        var cutoff = time.GetUtcNow() - IdleBeforePruning;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.ResetAt < cutoff && bucket.Gate.CurrentCount == 1)
                _buckets.TryRemove(new KeyValuePair<string, RateLimitBucket>(key, bucket));
        }
    }

    /// <summary>How long to wait before sending: the global pause (bot routes only) or the bucket's reset.</summary>
    public TimeSpan DelayBeforeSending(RateLimitBucket bucket, bool botAuthenticated)
    {
        var now = time.GetUtcNow();
        var delay = bucket.DelayBeforeNext(now);
        if (botAuthenticated)
        {
            lock (_globalLock)
            {
                if (_globalResumeAt - now > delay)
                    delay = _globalResumeAt - now;
            }
        }
        return delay;
    }

    public void PauseGlobal(TimeSpan duration)
    {
        var resumeAt = time.GetUtcNow() + duration;
        lock (_globalLock)
        {
            if (resumeAt > _globalResumeAt)
                _globalResumeAt = resumeAt;
        }
    }

    public DateTimeOffset GlobalResumeAt
    {
        get { lock (_globalLock) return _globalResumeAt; }
    }

    /// <summary>Records the bucket state a response reported, and the route's bucket hash the first time it is seen.</summary>
    public void Learn(DiscordRoute route, string majorParameter, RateLimitBucket bucket, HttpResponseHeaders headers)
    {
        var remaining = HeaderInt(headers, "X-RateLimit-Remaining");
        var resetAfter = HeaderDouble(headers, "X-RateLimit-Reset-After");
        if (remaining is null || resetAfter is null)
            return;

        var resetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter.Value);
        bucket.Update(HeaderInt(headers, "X-RateLimit-Limit"), remaining.Value, resetAt);

        if (headers.TryGetValues("X-RateLimit-Bucket", out var values) && values.FirstOrDefault() is { Length: > 0 } hash)
        {
            _bucketHashByRoute[route.ToString()] = hash;
            // Later requests find this bucket under its hash, so what was learned is not lost when the key changes.
            _buckets.TryAdd(hash + "|" + majorParameter, bucket);
        }
    }

    private static int? HeaderInt(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    internal static double? HeaderDouble(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
