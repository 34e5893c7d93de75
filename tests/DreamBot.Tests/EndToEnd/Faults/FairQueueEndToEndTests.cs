using DreamBot.Shared.Data;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>The fair queue seen from Discord: a burst from one user does not make everyone else wait behind it.</summary>
public sealed class FairQueueEndToEndTests : IAsyncLifetime
{
    private const long GuildA = InteractionPayloads.GuildId;
    private const long GuildB = 1100000000000000022;
    private const long UserA = InteractionPayloads.UserId;
    private const long UserB = 1100000000000000024;
    private const int Burst = 10;
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        // No worker until everything is queued, so the order is the fair queue's alone.
        _system = await DreamBotSystem.StartAsync(workers: 0);
        await using var db = _system.Database.CreateContext();
        db.GuildSettings.Add(new GuildSettings { GuildId = GuildA, MaxQueuedPerUser = 20, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public Task ALateRequestFromAnotherUser_StartsBeforeTheThirdOfABurst_InTheSameGuild() => BurstThenLateAsync(GuildA, UserB);

    [Fact]
    public Task ALateRequestFromAnotherGuild_StartsBeforeTheThirdOfABurst() => BurstThenLateAsync(GuildB, UserB);

    private async Task BurstThenLateAsync(long lateGuild, long lateUser)
    {
        for (var i = 0; i < Burst; i++)
            Assert.StartsWith("Queued", await DreamAsync(GuildA, UserA, $"burst {i}"), StringComparison.Ordinal);
        // The fair order puts the newcomer right behind the burst's first request, and the Bot says so.
        Assert.StartsWith("Queued — position 2", await DreamAsync(lateGuild, lateUser, "late"), StringComparison.Ordinal);

        await _system.StartWorkerAsync();
        await Eventually.TrueAsync(
            async () => (await RowsAsync()).All(g => g.Status == GenerationStatus.Succeeded),
            TimeSpan.FromSeconds(90),
            () => "all were rendered\n" + _system.Problems());

        var rows = await RowsAsync();
        Assert.Equal(Burst + 1, rows.Count);
        var burst = rows.Where(g => g.UserId == UserA).OrderBy(g => g.QueuedAt).ThenBy(g => g.Id).ToList();
        var late = rows.Single(g => g.UserId == lateUser);
        var order = string.Join(", ", rows.OrderBy(g => g.StartedAt).Select(g => $"{g.Parameters.Prompt} ({g.JobId})"));
        // Compatible requests start in batches (Queue:MaxBatch), so requests of one batch share a start: the
        // newcomer starts no later than the burst's third, and the burst never starts out of its order.
        Assert.True(late.StartedAt <= burst[2].StartedAt, "start order: " + order);
        Assert.True(rows.Count(g => g.StartedAt < late.StartedAt) < 2, "start order: " + order);
        Assert.True(burst.Zip(burst.Skip(1)).All(pair => pair.First.StartedAt <= pair.Second.StartedAt), "start order: " + order);
    }

    /// <summary>Sends a quick /dream as the given member of the given guild and returns what the user was told.</summary>
    private async Task<string> DreamAsync(long guildId, long userId, string prompt)
    {
        var (interaction, ack) = await _system.SendAsync(i =>
        {
            var payload = InteractionPayloads.Dream(prompt, i.Id, i.Token, ("steps", 4, 1), ("width", 4, 256), ("height", 4, 256));
            payload["guild_id"] = InteractionPayloads.Snowflake(guildId);
            payload["member"]!["user"]!["id"] = InteractionPayloads.Snowflake(userId);
            return payload;
        });
        return await _system.Discord.AnswerAsync(interaction, ack);
    }

    private async Task<List<Generation>> RowsAsync()
    {
        await using var db = _system.Database.CreateContext();
        return await db.Generations.AsNoTracking().ToListAsync();
    }
}
