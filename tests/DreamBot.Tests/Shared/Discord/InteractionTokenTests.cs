using DreamBot.Shared.Discord;

namespace DreamBot.Tests.Shared.Discord;

public sealed class InteractionTokenTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(13.9, true)]
    [InlineData(14, false)]
    [InlineData(20, false)]
    public void IsUsable_HoldsUntilFifteenMinutesLessTheMargin(double minutesLater, bool usable) =>
        Assert.Equal(usable, InteractionToken.IsUsable(Created, Created.AddMinutes(minutesLater), TimeSpan.FromMinutes(1)));

    [Fact]
    public void IsUsable_WithoutMargin_HoldsUntilExpiry()
    {
        Assert.True(InteractionToken.IsUsable(Created, Created.AddMinutes(14.99), TimeSpan.Zero));
        Assert.False(InteractionToken.IsUsable(Created, Created.AddMinutes(15), TimeSpan.Zero));
    }

    [Fact]
    public void CreatedAt_ReadsTheTimestampInTheSnowflake()
    {
        // Discord's documented example id 175928847299117063 was created at 2016-04-30 11:18:25.796 UTC.
        Assert.Equal(new DateTimeOffset(2016, 4, 30, 11, 18, 25, 796, TimeSpan.Zero), InteractionToken.CreatedAt(175928847299117063));
    }
}
