using System.Net;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordRateLimitTests : FakeDiscordClientTest
{
    private const long ChannelId = 1400000000000000001;
    private static readonly string CreateMessage = DiscordRoute.CreateMessage.ToString();

    // Timestamps come from two clocks read microseconds apart; allow that much slack, never a whole wait.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(5);

    private Task<DiscordMessage> Post(string content, long channelId = ChannelId) =>
        _client.CreateMessageAsync(channelId, new MessagePayload { Content = content });

    [Fact]
    public async Task A429_IsRetriedOnceNoSoonerThanRetryAfter()
    {
        _discord.InjectFault(CreateMessage, FakeFault.RateLimited(TimeSpan.FromSeconds(0.25)));

        await Post("hello");

        var requests = _discord.RequestsTo(CreateMessage);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromSeconds(0.25) - ClockSlack,
            $"retried after {(requests[1].ArrivedAt - requests[0].ArrivedAt).TotalMilliseconds} ms");
        Assert.Single(_discord.Messages(ChannelId));
    }

    [Fact]
    public async Task A429_OnTheRetryToo_SurfacesAsDiscordApiException()
    {
        _discord.InjectFault(CreateMessage, FakeFault.RateLimited(TimeSpan.FromSeconds(0.05)), times: 2);

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => Post("hello"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(2, _discord.RequestsTo(CreateMessage).Count);
        Assert.Empty(_discord.Messages(ChannelId));
    }

    [Fact]
    public async Task AnEmptyBucket_MakesTheNextRequestWaitForItsReset()
    {
        var window = TimeSpan.FromSeconds(6);
        _discord.RateLimits.Set(CreateMessage, limit: 2, window: window);

        await Post("1");
        await Post("2");
        await Post("3");

        var requests = _discord.RequestsTo(CreateMessage);
        Assert.Equal(3, requests.Count);
        Assert.Empty(_discord.RateLimits.Violations);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt < window / 2, "the second request had room and did not wait for the reset");
        Assert.True(requests[2].ArrivedAt - requests[0].ArrivedAt >= window - ClockSlack,
            $"third request went {(requests[2].ArrivedAt - requests[0].ArrivedAt).TotalMilliseconds} ms after the first");
    }

    [Fact]
    public async Task AConcurrentBurst_IsQueuedInItsBucketWithoutA429()
    {
        _discord.RateLimits.Set(CreateMessage, limit: 2, window: TimeSpan.FromSeconds(0.2));

        var sent = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Post($"burst {i}")));

        Assert.Equal(6, sent.Select(m => m.Id).Distinct().Count());
        Assert.Equal(6, _discord.RequestsTo(CreateMessage).Count);
        Assert.Empty(_discord.RateLimits.Violations);
    }

    [Fact]
    public async Task Buckets_AreSeparatePerMajorParameter()
    {
        var window = TimeSpan.FromSeconds(60);
        _discord.RateLimits.Set(CreateMessage, limit: 1, window: window);

        await Post("a", ChannelId);
        var started = DateTimeOffset.UtcNow;
        await Post("b", ChannelId + 1);

        Assert.True(DateTimeOffset.UtcNow - started < window / 2, "another channel's bucket was free");
        Assert.Empty(_discord.RateLimits.Violations);
    }

    [Fact]
    public async Task AGlobal429_PausesBotRequestsButNotWebhookRequests()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());
        var getMe = DiscordRoute.GetCurrentUser.ToString();
        var pause = TimeSpan.FromSeconds(3);
        _discord.InjectFault(getMe, FakeFault.RateLimited(pause, global: true));

        var me = _client.GetCurrentUserAsync();
        await WaitUntilAsync(() => _discord.RequestsTo(getMe).Count == 1);
        await Task.Delay(50);
        var post = Post("during the global pause");
        await _client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "webhooks are not paused" });
        await Task.WhenAll(me, post);

        var limitedAt = _discord.RequestsTo(getMe)[0].ArrivedAt;
        var postedAt = _discord.RequestsTo(CreateMessage).Single().ArrivedAt;
        var followupAt = _discord.RequestsTo(DiscordRoute.CreateFollowup.ToString()).Single().ArrivedAt;
        Assert.True(postedAt - limitedAt >= pause - ClockSlack,
            $"bot request went {(postedAt - limitedAt).TotalMilliseconds} ms after the global 429");
        Assert.True(followupAt - limitedAt < pause, "the webhook request waited for the bot's global limit");
        Assert.Equal(2, _discord.RequestsTo(getMe).Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(5);
        }
    }
}
