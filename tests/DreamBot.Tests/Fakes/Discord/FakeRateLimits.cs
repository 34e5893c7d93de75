using System.Security.Cryptography;
using System.Text;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>
/// Fixed-window buckets per route and major parameter, reported in Discord's X-RateLimit-* headers. A request to an
/// empty bucket is answered 429 like Discord does, and recorded as a violation a well-behaved client never causes.
/// </summary>
public sealed class FakeRateLimits
{
    private readonly Dictionary<string, (int Limit, TimeSpan Window)> _limits = [];
    private readonly Dictionary<string, Window> _windows = [];
    private readonly List<string> _violations = [];
    private readonly Lock _lock = new();

    public (int Limit, TimeSpan Window) Default { get; set; } = (1000, TimeSpan.FromSeconds(10));

    public IReadOnlyList<string> Violations
    {
        get { lock (_lock) return [.. _violations]; }
    }

    /// <summary>Sets the limit of one route ("POST /channels/{channel_id}/messages"), for each major parameter value.</summary>
    public void Set(string route, int limit, TimeSpan window)
    {
        lock (_lock)
        {
            _limits[route] = (limit, window);
            foreach (var key in _windows.Keys.Where(k => k.StartsWith(route + "|", StringComparison.Ordinal)).ToList())
                _windows.Remove(key);
        }
    }

    internal Decision Take(string route, string major, DateTimeOffset now)
    {
        lock (_lock)
        {
            var (limit, length) = _limits.TryGetValue(route, out var configured) ? configured : Default;
            var key = route + "|" + major;
            if (!_windows.TryGetValue(key, out var window) || window.ResetAt <= now)
                _windows[key] = window = new Window(limit, now + length);

            var resetAfter = window.ResetAt - now;
            if (window.Remaining == 0)
            {
                _violations.Add($"{route} [{major}] at {now:O}, {resetAfter.TotalSeconds:F3} s before reset");
                return new Decision(false, limit, 0, resetAfter, BucketHash(route));
            }
            window.Remaining--;
            return new Decision(true, limit, window.Remaining, resetAfter, BucketHash(route));
        }
    }

    private static string BucketHash(string route) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route)))[..16];

    private sealed class Window(int remaining, DateTimeOffset resetAt)
    {
        public int Remaining { get; set; } = remaining;
        public DateTimeOffset ResetAt { get; } = resetAt;
    }

    internal sealed record Decision(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter, string Bucket);
}
