using DreamBot.Worker.Jobs;

namespace DreamBot.Tests.Worker.Jobs;

public sealed class ImageUpscalingTests
{
    [Theory]
    [InlineData("https://cdn.discordapp.com/attachments/1/2/SPOILER_dream-7-100.png?ex=1&is=2", true)]
    [InlineData("https://cdn.discordapp.com/attachments/1/2/dream-7-100.png?ex=1&is=2", false)]
    [InlineData(null, false)]
    public void AnImagePostedAsASpoiler_StaysFlaggedWhenUpscaled(string? url, bool flagged)
    {
        Assert.Equal(flagged, ImageUpscaling.SourceFlagged(url));
    }
}
