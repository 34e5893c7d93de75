using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Shared.Data;

public sealed class ModelRoundTripTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 30, 15, 123, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Generation_RoundTripsEveryField()
    {
        var saved = new Generation
        {
            UserId = 1_140_000_000_000_000_001,
            UserName = "tester",
            GuildId = 1_140_000_000_000_000_002,
            ChannelId = 1_140_000_000_000_000_003,
            InteractionId = 1_140_000_000_000_000_004,
            InteractionToken = "aW50ZXJhY3Rpb24tdG9rZW4",
            Parameters = new DreamParameters
            {
                Prompt = "a lighthouse in a storm, oil painting",
                NegativePrompt = "blurry",
                Model = "sd15",
                Sampler = "dpmpp_2m_karras",
                Steps = 30,
                Guidance = 7.3,
                Width = 768,
                Height = 512,
                Count = 2,
                Seed = 4_294_967_295,
                InitImage = "https://cdn.discordapp.com/attachments/1/2/init.png",
                Strength = 0.7,
            },
            Status = GenerationStatus.Succeeded,
            QueuedAt = Now,
            StartedAt = Now.AddSeconds(2),
            FinishedAt = Now.AddSeconds(9),
            Worker = "gpu-box:1234",
            Error = null,
            JobId = "42",
            CostUnits = 1.8,
            FlaggedImages = 1,
            ResultMessageId = 1_140_000_000_000_000_005,
        };
        await using (var db = _database.CreateContext())
        {
            db.Generations.Add(saved);
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var loaded = await read.Generations.SingleAsync(g => g.Id == saved.Id);

        Assert.Equivalent(saved, loaded, strict: true);
    }

    [Fact]
    public async Task GuildSettingsAndModerationRecords_RoundTrip()
    {
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings
            {
                GuildId = 7, MaxSide = 768, MaxSteps = 40, AllowedSamplers = ["euler_a", "ddim"],
                SafetyPolicy = SafetyPolicy.Withhold, QuotaReset = QuotaReset.Rolling, ModeratorRoleId = 99, UpdatedAt = Now,
            });
            db.QuotaRules.Add(new QuotaRule { GuildId = 7, Scope = QuotaScope.Role, SubjectId = 99, DailyUnits = 25, WeeklyUnits = null, SetBy = 1, SetAt = Now });
            db.Bans.Add(new Ban { GuildId = 7, UserId = 5, Reason = "spam", BannedBy = 1, BannedAt = Now });
            db.BlockedTerms.Add(new BlockedTerm { GuildId = 7, Term = "Gore", NormalizedTerm = "gore", AddedBy = 1, AddedAt = Now });
            db.AuditLog.Add(new AuditEntry { GuildId = 7, ActorId = 1, Action = "ban", TargetUserId = 5, Reason = "spam", Details = "{}", At = Now });
            db.UserPreferences.Add(new UserPreferences { UserId = 5, Sampler = "lms", Steps = 25, Guidance = 6, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var settings = await read.GuildSettings.SingleAsync(s => s.GuildId == 7);
        Assert.Equal(["euler_a", "ddim"], settings.AllowedSamplers);
        Assert.Equal(SafetyPolicy.Withhold, settings.SafetyPolicy);
        Assert.Equal(QuotaReset.Rolling, settings.QuotaReset);
        var rule = await read.QuotaRules.SingleAsync();
        Assert.Equal((QuotaScope.Role, 99L, 25.0, (double?)null), (rule.Scope, rule.SubjectId!.Value, rule.DailyUnits!.Value, rule.WeeklyUnits));
        Assert.Equal("spam", (await read.Bans.SingleAsync()).Reason);
        Assert.Equal("gore", (await read.BlockedTerms.SingleAsync()).NormalizedTerm);
        Assert.Equal("ban", (await read.AuditLog.SingleAsync()).Action);
        Assert.Equal(25, (await read.UserPreferences.SingleAsync()).Steps);
    }

    [Fact]
    public async Task QuotaRules_AllowOnlyOneGuildDefault()
    {
        await using var db = _database.CreateContext();
        db.QuotaRules.Add(new QuotaRule { GuildId = 8, Scope = QuotaScope.Guild, DailyUnits = 10, SetAt = Now });
        db.QuotaRules.Add(new QuotaRule { GuildId = 8, Scope = QuotaScope.Guild, DailyUnits = 20, SetAt = Now });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Generations_RejectASecondRowForTheSameInteraction()
    {
        await using var db = _database.CreateContext();
        db.Generations.Add(new Generation { InteractionId = 11, QueuedAt = Now });
        db.Generations.Add(new Generation { InteractionId = 11, QueuedAt = Now });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
