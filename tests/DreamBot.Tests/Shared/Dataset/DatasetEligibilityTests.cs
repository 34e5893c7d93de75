using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Shared.Dataset;

public sealed class DatasetEligibilityTests : IAsyncLifetime
{
    private const long OptedInGuild = 1;
    private const long SilentGuild = 2;
    private const long Keen = 10;
    private const long OptedOut = 11;
    private const long Banned = 12;
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task OnlyFinishedKeptResults_OfUsersWhoStayedIn_InGuildsThatOptedIn_AreEligible()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.AddRange(new GuildSettings { GuildId = OptedInGuild, DatasetOptIn = true }, new GuildSettings { GuildId = SilentGuild });
            db.UserPreferences.Add(new UserPreferences { UserId = OptedOut, DatasetOptedOutAt = now });
            db.Bans.Add(new Ban { GuildId = OptedInGuild, UserId = Banned, BannedAt = now });
            db.Generations.AddRange(
                Result("eligible", OptedInGuild, Keen),
                Result("silent guild", SilentGuild, Keen),
                Result("no settings", 3, Keen),
                Result("direct message", null, Keen),
                Result("opted out", OptedInGuild, OptedOut),
                Result("banned", OptedInGuild, Banned),
                Result("deleted", OptedInGuild, Keen, deletedAt: now),
                Result("failed", OptedInGuild, Keen, GenerationStatus.Failed),
                Result("queued", OptedInGuild, Keen, GenerationStatus.Queued));
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var eligible = await read.EligibleForDataset().Select(g => g.Parameters.Prompt).ToListAsync();

        Assert.Equal(["eligible"], eligible);
    }

    private static Generation Result(string prompt, long? guildId, long userId, GenerationStatus status = GenerationStatus.Succeeded, DateTimeOffset? deletedAt = null) => new()
    {
        GuildId = guildId,
        UserId = userId,
        Status = status,
        DeletedAt = deletedAt,
        InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
        QueuedAt = DateTimeOffset.UtcNow,
        Parameters = new() { Prompt = prompt },
    };
}
