using DreamBot.Worker.Delivery;
using System.Text.Json;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Tests.Worker.Jobs;

public sealed class ResultMessageRatingTests
{
    [Fact]
    public void RatingRows_OfOneImage_AreOneSelectOfTheTenScores_HighestFirst()
    {
        var row = Assert.Single(ResultMessage.RatingRows(42, 100, [100]));

        var select = Assert.IsType<StringSelect>(Assert.Single(row.Components));
        Assert.Equal("dream:rate:42:1", select.CustomId);
        Assert.Equal((1, 1), (select.MinValues, select.MaxValues));
        Assert.Equal([.. Enumerable.Range(1, 10).Reverse().Select(s => $"100:{s}")], select.Options.Select(o => o.Value));
        Assert.Equal("10/10", select.Options[0].Label);
    }

    [Fact]
    public void RatingRows_OfFourImages_AreTwoSelectsOfTwoImagesEach_WithinDiscordsOptionLimit()
    {
        var rows = ResultMessage.RatingRows(42, 100, [100, 101, 102, 103]).ToList();

        var selects = rows.Select(r => Assert.IsType<StringSelect>(Assert.Single(r.Components))).ToList();
        Assert.Equal(["dream:rate:42:1", "dream:rate:42:2"], selects.Select(s => s.CustomId));
        Assert.All(selects, s => Assert.Equal(DiscordLimits.SelectOptions - 5, s.Options.Count));
        Assert.Equal(("Image 3: 10/10", "102:10"), (selects[1].Options[0].Label, selects[1].Options[0].Value));
        Assert.Equal(("Image 4: 1/10", "103:1"), (selects[1].Options[^1].Label, selects[1].Options[^1].Value));
    }

    [Fact]
    public void RatingRows_NumberImagesFromTheFirstSeed_WhenOneIsWithheld()
    {
        var select = (StringSelect)Assert.Single(ResultMessage.RatingRows(42, 100, [100, 102])).Components[0];

        Assert.Equal(["Image 1: 10/10", "Image 3: 10/10"], select.Options.Where(o => o.Value.EndsWith(":10", StringComparison.Ordinal)).Select(o => o.Label));
    }

    [Fact]
    public void ASelectRow_IsWrittenWithDiscordsComponentTypes_AndReadBackWhateverTheFieldOrder()
    {
        var row = Assert.Single(ResultMessage.RatingRows(42, 100, [100]));

        var json = JsonSerializer.SerializeToNode(row, DiscordJson.Options)!;
        var fromDiscord = JsonSerializer.Deserialize<ActionRow>(
            """{"components":[{"custom_id":"dream:rate:42:1","options":[{"label":"7/10","value":"100:7"}],"type":3},{"label":"Reroll","custom_id":"dream:reroll:42","type":2,"style":1}],"type":1}""",
            DiscordJson.Options)!;

        Assert.Equal((1, 3, "dream:rate:42:1"), (json["type"]!.GetValue<int>(), json["components"]![0]!["type"]!.GetValue<int>(), json["components"]![0]!["custom_id"]!.GetValue<string>()));
        Assert.Equal("100:7", Assert.IsType<StringSelect>(fromDiscord.Components[0]).Options[0].Value);
        Assert.Equal("Reroll", Assert.IsType<Button>(fromDiscord.Components[1]).Label);
    }
}
