using DreamBot.Bot.Dispatch;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Dispatch;

public sealed class RecentInteractionsTests
{
    [Fact]
    public void TryAdd_RefusesARepeat_AndForgetsIdsAfterFifteenMinutes()
    {
        var clock = new FixedClock(DateTimeOffset.UnixEpoch);
        var recent = new RecentInteractions(clock);

        Assert.True(recent.TryAdd(1));
        Assert.True(recent.TryAdd(2));
        Assert.False(recent.TryAdd(1));

        clock.Now += TimeSpan.FromMinutes(16);
        Assert.True(recent.TryAdd(1));
    }
}
