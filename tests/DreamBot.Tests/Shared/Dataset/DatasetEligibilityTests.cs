using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using DreamBot.Shared.Queue;
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
                Result("queued", OptedInGuild, Keen, GenerationStatus.Queued),
                Result("made before consent", OptedInGuild, Keen, consent: false));
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var eligible = await read.EligibleForDataset().Select(g => g.Parameters.Prompt).ToListAsync();

        Assert.Equal(["eligible"], eligible);
    }

    [Fact]
    public async Task StartingToPost_RecordsConsentAsItStandsThen_AndADerivedResultHasItOnlyWhenItsSourceHad()
    {
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.AddRange(new GuildSettings { GuildId = OptedInGuild, DatasetOptIn = true }, new GuildSettings { GuildId = SilentGuild });
            db.UserPreferences.Add(new UserPreferences { UserId = OptedOut, DatasetOptedOutAt = DateTimeOffset.UtcNow });
            db.Generations.AddRange(
                Result("keen", OptedInGuild, Keen, GenerationStatus.Running, consent: false),
                Result("opted out", OptedInGuild, OptedOut, GenerationStatus.Running, consent: false),
                Result("silent guild", SilentGuild, Keen, GenerationStatus.Running, consent: false));
            await db.SaveChangesAsync();
        }
        var made = await MakeAllAsync();
        await using (var db = _database.CreateContext())
        {
            var sources = await db.Generations.ToListAsync();
            // Keen upscales each of them, in the guild that opts in.
            db.Generations.AddRange(sources.Select(source => Result("upscale of " + source.Parameters.Prompt, OptedInGuild, Keen, GenerationStatus.Running, consent: false, parent: source.Id)));
            await db.SaveChangesAsync();
        }

        var derived = await MakeAllAsync();

        Assert.Equal([("keen", true), ("opted out", false), ("silent guild", false)], made);
        Assert.Equal([("upscale of keen", true), ("upscale of opted out", false), ("upscale of silent guild", false)], derived);
    }

    /// <summary>Every Running result starts posting; returns those that just did, with the consent each recorded.</summary>
    private async Task<List<(string Prompt, bool Consent)>> MakeAllAsync()
    {
        await using var db = _database.CreateContext();
        var running = await db.Generations.Where(g => g.Status == GenerationStatus.Running).OrderBy(g => g.Id).Select(g => g.Id).ToListAsync();
        foreach (var id in running)
            Assert.True(await db.TryStartPostingAsync(id, CancellationToken.None));
        return (await db.Generations.AsNoTracking().Where(g => running.Contains(g.Id)).OrderBy(g => g.Id).ToListAsync())
            .Select(g => (g.Parameters.Prompt, g.DatasetConsent)).ToList();
    }

    private static Generation Result(
        string prompt, long? guildId, long userId, GenerationStatus status = GenerationStatus.Succeeded, DateTimeOffset? deletedAt = null, bool consent = true, long? parent = null) => new()
    {
        DatasetConsent = consent,
        ParentGenerationId = parent,
        GuildId = guildId,
        UserId = userId,
        Status = status,
        DeletedAt = deletedAt,
        InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
        QueuedAt = DateTimeOffset.UtcNow,
        Parameters = new() { Prompt = prompt },
    };
}
