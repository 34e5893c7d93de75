using System.Globalization;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.RateLimiting;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordRateLimiterTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static HttpResponseMessage Headers(int remaining, double resetAfterSeconds, string? bucket = "abc123", int limit = 5)
    {
        var response = new HttpResponseMessage();
        response.Headers.Add("X-RateLimit-Limit", limit.ToString(CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Reset-After", resetAfterSeconds.ToString(CultureInfo.InvariantCulture));
        if (bucket is not null)
            response.Headers.Add("X-RateLimit-Bucket", bucket);
        return response;
    }

    [Fact]
    public void DelayBeforeSending_IsTheTimeToResetOnlyWhenTheBucketIsEmpty()
    {
        var limiter = new DiscordRateLimiter(_time);
        var bucket = limiter.GetBucket(DiscordRoute.CreateMessage, "1");
        using var withRoom = Headers(remaining: 1, resetAfterSeconds: 2.5);
        limiter.Learn(DiscordRoute.CreateMessage, "1", bucket, withRoom.Headers);
        Assert.Equal(TimeSpan.Zero, limiter.DelayBeforeSending(bucket, botAuthenticated: true));

        using var empty = Headers(remaining: 0, resetAfterSeconds: 2.5);
        limiter.Learn(DiscordRoute.CreateMessage, "1", bucket, empty.Headers);
        Assert.Equal(TimeSpan.FromSeconds(2.5), limiter.DelayBeforeSending(bucket, botAuthenticated: true));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(0.5), limiter.DelayBeforeSending(bucket, botAuthenticated: true));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.Zero, limiter.DelayBeforeSending(bucket, botAuthenticated: true));
    }

    [Fact]
    public void PauseGlobal_DelaysBotRoutesOnly()
    {
        var limiter = new DiscordRateLimiter(_time);
        var bucket = limiter.GetBucket(DiscordRoute.CreateFollowup, "app/token");

        limiter.PauseGlobal(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), limiter.DelayBeforeSending(bucket, botAuthenticated: true));
        Assert.Equal(TimeSpan.Zero, limiter.DelayBeforeSending(bucket, botAuthenticated: false));
    }

    [Fact]
    public void ABucketHash_IsSharedByRoutesButNotByMajorParameters()
    {
        var limiter = new DiscordRateLimiter(_time);
        var create = limiter.GetBucket(DiscordRoute.CreateMessage, "1");
        using var response = Headers(remaining: 0, resetAfterSeconds: 1, bucket: "shared");
        limiter.Learn(DiscordRoute.CreateMessage, "1", create, response.Headers);
        limiter.Learn(DiscordRoute.EditMessage, "1", limiter.GetBucket(DiscordRoute.EditMessage, "1"), response.Headers);

        Assert.Same(create, limiter.GetBucket(DiscordRoute.CreateMessage, "1"));
        Assert.Same(create, limiter.GetBucket(DiscordRoute.EditMessage, "1"));
        Assert.NotSame(create, limiter.GetBucket(DiscordRoute.CreateMessage, "2"));
    }

    [Fact]
    public void ResponsesWithoutRateLimitHeaders_ChangeNothing()
    {
        var limiter = new DiscordRateLimiter(_time);
        var bucket = limiter.GetBucket(DiscordRoute.GetCurrentUser, "");
        using var response = new HttpResponseMessage();

        limiter.Learn(DiscordRoute.GetCurrentUser, "", bucket, response.Headers);

        Assert.Null(bucket.Remaining);
        Assert.Equal(TimeSpan.Zero, limiter.DelayBeforeSending(bucket, botAuthenticated: true));
    }

    [Fact]
    public void IdleBuckets_ArePrunedSoPerTokenBucketsDoNotAccumulate()
    {
        var limiter = new DiscordRateLimiter(_time);
        using var response = Headers(remaining: 4, resetAfterSeconds: 1, bucket: null);
        for (var i = 0; i < 200; i++)
        {
            var token = "app/token" + i.ToString(CultureInfo.InvariantCulture);
            limiter.Learn(DiscordRoute.CreateFollowup, token, limiter.GetBucket(DiscordRoute.CreateFollowup, token), response.Headers);
        }
        Assert.Equal(200, limiter.BucketCount);

        _time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 300; i++)
            limiter.GetBucket(DiscordRoute.GetCurrentUser, "");

        Assert.Equal(1, limiter.BucketCount);
    }
}
