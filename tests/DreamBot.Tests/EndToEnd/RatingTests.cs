using System.Text.Json.Nodes;
using DreamBot.Bot.ResultControls;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

public sealed class RatingTests : IAsyncLifetime
{
    private const long Requester = InteractionPayloads.UserId;
    private const long Alice = 1100000000000000081;
    private const long Bob = 1100000000000000082;
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Ratings_AreOneRowPerUserAndImage_TheLastOneCounts_ConfirmedPrivately_AndNeverEditTheResult()
    {
        var (generation, message) = await DreamAndWaitAsync(count: 1);
        var select = Assert.Single(Selects(message));
        Assert.Equal(10, select["options"]!.AsArray().Count);
        var customId = select["custom_id"]!.GetValue<string>();
        var seed = generation.Parameters.Seed;
        var (edits, components) = (message.EditCount, message.Components.ToJsonString());

        var own = await RateAsync(message, customId, seed, 9, Requester);
        await RateAsync(message, customId, seed, 3, Alice);
        var changed = await RateAsync(message, customId, seed, 7, Alice);
        await RateAsync(message, customId, seed, 5, Bob);

        Assert.Equal("You rated your own image 1 a 9/10. Only you can see this; pick again to change it.", own);
        Assert.StartsWith("You rated image 1 a 7/10.", changed, StringComparison.Ordinal);
        await using var db = _system.Database.CreateContext();
        var rows = await db.Ratings.AsNoTracking().OrderBy(r => r.UserId).ToListAsync();
        Assert.Equal(
            [(Requester, 9, true), (Alice, 7, false), (Bob, 5, false)],
            rows.Select(r => (r.UserId, r.Score, r.Own)));
        Assert.All(rows, r => Assert.Equal((generation.Id, seed, (long?)InteractionPayloads.GuildId), (r.GenerationId, r.ImageSeed, r.GuildId)));
        Assert.Equal((edits, components), (message.EditCount, message.Components.ToJsonString()));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task FourImages_GetTwoSelectsOfTwentyScores_WithinDiscordsFiveRows_AndTheFourthCanBeRated()
    {
        var (generation, message) = await DreamAndWaitAsync(count: 4);

        var selects = Selects(message);
        Assert.InRange(message.Components.Count, 1, 5);
        Assert.Equal([20, 20], selects.Select(s => s["options"]!.AsArray().Count));
        Assert.Equal(2, selects.Select(s => s["custom_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Empty(_system.Discord.ValidationFailures);

        var reply = await RateAsync(message, selects[1]["custom_id"]!.GetValue<string>(), generation.Parameters.Seed + 3, 8, Alice);

        Assert.StartsWith("You rated image 4 a 8/10.", reply, StringComparison.Ordinal);
        await using var db = _system.Database.CreateContext();
        var rating = await db.Ratings.AsNoTracking().SingleAsync();
        Assert.Equal((generation.Parameters.Seed + 3, 8), (rating.ImageSeed, rating.Score));
    }

    [Fact]
    public async Task Rating_IsRefused_ForABannedUser_AnOutOfRangeScore_AndADeletedResult()
    {
        var (generation, message) = await DreamAndWaitAsync(count: 1);
        var customId = ResultRatings.CustomId(generation.Id, 1);
        var seed = generation.Parameters.Seed;
        await using (var db = _system.Database.CreateContext())
        {
            db.Bans.Add(new Ban { GuildId = InteractionPayloads.GuildId, UserId = Bob, BannedBy = Requester, BannedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var banned = await RateAsync(message, customId, seed, 6, Bob);
        var outOfRange = await RateAsync(message, customId, seed, 11, Alice);
        await _system.ClickAsync(message, ResultButtons.Delete + generation.Id);
        var deleted = await RateAsync(message, customId, seed, 6, Alice);

        Assert.Equal(RatingSelect.Banned, banned);
        Assert.Equal("A score is from 1 to 10.", outOfRange);
        Assert.Equal(RatingSelect.Gone, deleted);
        await using var check = _system.Database.CreateContext();
        Assert.Equal(0, await check.Ratings.CountAsync());
        Assert.NotNull((await check.Generations.AsNoTracking().SingleAsync(g => g.Id == generation.Id)).DeletedAt);
    }

    /// <summary>Picks a score as <paramref name="user"/>; asserts the reply is a private new message, and returns its text.</summary>
    private async Task<string> RateAsync(FakeMessage message, string customId, long seed, int score, long user)
    {
        var (select, ack) = await _system.SelectAsync(message, customId, [ResultRatings.OptionValue(seed, score)], user);
        var (reply, isPrivate) = await _system.Discord.ReplyAsync(select, ack);
        Assert.True(isPrivate);
        return reply;
    }

    private static List<JsonNode> Selects(FakeMessage message) =>
        [.. message.Components.SelectMany(row => row!["components"]!.AsArray()).Where(c => c!["type"]!.GetValue<int>() == 3).Select(c => c!)];

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync(int count)
    {
        var (interaction, _) = await _system.DreamAsync("a lighthouse at dusk",
            ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 5000), ("count", 4, count));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(90), () => "a result was posted\n" + _system.Problems());
        await using var db = _system.Database.CreateContext();
        return (await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id), interaction.Original!);
    }
}
