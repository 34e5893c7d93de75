using System.Globalization;
using System.Text.Json.Nodes;
using DreamBot.Bot.DirectMessages;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Direct messages belong to no server: they are off unless configured, and then have their own quota and honour every server's bans.</summary>
public sealed class DirectMessageTests
{
    private const long BannedUser = 1100000000000000077;
    private static readonly double OneRequest = new DreamParameters { Prompt = "p", Steps = 4, Width = 256, Height = 256 }.Cost;

    [Fact]
    public async Task ByDefault_CommandsAreRegisteredForServersOnly_AndADirectMessageIsRefused()
    {
        await using var system = await DreamBotSystem.StartAsync(workers: 0);

        var contexts = await RegisteredContextsAsync(system);
        var (interaction, ack) = await system.SendAsync(i => DirectMessage(i, InteractionPayloads.UserId));

        Assert.Equal([0], contexts["dream"]);
        Assert.Equal([0], contexts["queue"]);
        Assert.Equal(DirectMessagePolicy.Disabled, await system.Discord.AnswerAsync(interaction, ack));
        await using var db = system.Database.CreateContext();
        Assert.Equal(0, await db.Generations.CountAsync());
    }

    [Fact]
    public async Task WhenEnabled_TheConfiguredQuotaApplies_AndAUserBannedInAnyServerIsRefused()
    {
        await using var system = await DreamBotSystem.StartAsync(workers: 0, settings: new()
        {
            ["DirectMessages:Enabled"] = "true",
            ["DirectMessages:DailyUnits"] = (1.5 * OneRequest).ToString(CultureInfo.InvariantCulture),
        });
        await using (var db = system.Database.CreateContext())
        {
            db.Bans.Add(new Ban { GuildId = 42, UserId = BannedUser, Reason = "spam", BannedBy = 1 });
            await db.SaveChangesAsync();
        }

        var contexts = await RegisteredContextsAsync(system);
        var (banned, bannedAck) = await system.SendAsync(i => DirectMessage(i, BannedUser));
        var (first, firstAck) = await system.SendAsync(i => DirectMessage(i, InteractionPayloads.UserId));
        var (second, secondAck) = await system.SendAsync(i => DirectMessage(i, InteractionPayloads.UserId));

        Assert.Equal([0, 1], contexts["dream"]);
        Assert.Equal([0], contexts["mod"]);
        Assert.Equal(DirectMessagePolicy.Banned, await system.Discord.AnswerAsync(banned, bannedAck));
        Assert.StartsWith("Queued — position 1", await system.Discord.AnswerAsync(first, firstAck), StringComparison.Ordinal);
        Assert.Contains("left today", await system.Discord.AnswerAsync(second, secondAck), StringComparison.Ordinal);
        await using var check = system.Database.CreateContext();
        var row = await check.Generations.AsNoTracking().SingleAsync();
        Assert.Equal((null, InteractionPayloads.UserId), (row.GuildId, row.UserId));
    }

    private static async Task<Dictionary<string, int[]>> RegisteredContextsAsync(DreamBotSystem system)
    {
        await Eventually.TrueAsync(() => system.Discord.State.GlobalCommands.Count > 0, TimeSpan.FromSeconds(60), "the commands were registered");
        return system.Discord.State.GlobalCommands.ToDictionary(
            c => c!["name"]!.GetValue<string>(),
            c => c!["contexts"]?.AsArray().Select(x => x!.GetValue<int>()).ToArray() ?? []);
    }

    /// <summary>A /dream sent in a direct message with the bot: no guild, a user instead of a member.</summary>
    private static JsonObject DirectMessage(FakeInteraction interaction, long userId)
    {
        var payload = InteractionPayloads.Dream("a lighthouse", interaction.Id, interaction.Token, ("steps", 4, 4), ("width", 4, 256), ("height", 4, 256));
        payload.Remove("guild_id");
        payload.Remove("guild_locale");
        payload.Remove("member");
        payload["user"] = new JsonObject
        {
            ["id"] = InteractionPayloads.Snowflake(userId), ["username"] = "painter", ["global_name"] = "Painter", ["discriminator"] = "0",
        };
        payload["channel"]!["type"] = 1;
        payload["channel"]!.AsObject().Remove("name");
        payload["context"] = 1;
        return payload;
    }
}
