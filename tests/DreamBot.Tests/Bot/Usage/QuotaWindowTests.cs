using DreamBot.Bot.Usage;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Usage;

/// <summary>Where a quota day starts: midnight UTC, or 24 hours back for rolling quotas.</summary>
public sealed class QuotaWindowTests : IAsyncLifetime
{
    private const long Guild = 900;
    private static readonly DateTimeOffset JustAfterMidnight = new(2026, 3, 10, 0, 30, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        db.QuotaRules.Add(new QuotaRule { GuildId = Guild, Scope = QuotaScope.Guild, DailyUnits = 2 });
        db.Generations.AddRange(
            Charge(JustAfterMidnight.AddHours(-1), 1.0),
            Charge(JustAfterMidnight.AddHours(-25), 4.0),
            Charge(JustAfterMidnight.AddMinutes(-10), 0.5, refunded: true));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task UtcDaily_ForgetsYesterday_AndResetsAtTheNextMidnight()
    {
        var status = await StatusAsync(QuotaReset.UtcDaily);

        Assert.Equal(0, status.UsedToday);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), status.DailyResetsAt);
    }

    [Fact]
    public async Task Rolling_CountsTheLast24Hours_AndResetsWhenTheOldestChargeExpires()
    {
        var status = await StatusAsync(QuotaReset.Rolling);

        Assert.Equal(1.0, status.UsedToday);
        Assert.Equal(JustAfterMidnight.AddHours(-1).AddDays(1), status.DailyResetsAt);
        Assert.Null(status.RefusalFor(1.0));
        Assert.NotNull(status.RefusalFor(1.01));
    }

    private async Task<QuotaStatus> StatusAsync(QuotaReset reset)
    {
        await using var db = _database.CreateContext();
        db.GuildSettings.Add(new GuildSettings { GuildId = Guild, QuotaReset = reset });
        await db.SaveChangesAsync();
        return await QuotaCalculator.ForMemberAsync(db, Guild, userId: 1, [], isModerator: false, JustAfterMidnight, CancellationToken.None);
    }

    private static long _interaction;

    private static Generation Charge(DateTimeOffset at, double units, bool refunded = false) => new()
    {
        UserId = 1, GuildId = Guild, QueuedAt = at, CostUnits = units, Refunded = refunded,
        Status = refunded ? GenerationStatus.Failed : GenerationStatus.Succeeded,
        InteractionId = Interlocked.Increment(ref _interaction), Parameters = new DreamParameters { Prompt = "", Steps = 50, Width = 512, Height = 512, Count = 1 },
    };
}
