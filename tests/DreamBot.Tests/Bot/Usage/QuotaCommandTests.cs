using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Bot.Usage;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DreamBot.Tests.Bot.Moderation.ModInteractions;

namespace DreamBot.Tests.Bot.Usage;

/// <summary>Quotas as members meet them: /quota, and /dream accepted or refused by the rule that applies to them.</summary>
public sealed class QuotaCommandTests : DatabaseHostTest
{
    private const long Artist = 20;
    private const long ArtistRole = 55;

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<WaitEstimator>();
        services.AddSingleton<LiveModels>();
        services.AddSingleton<QueueHandOff>();
        services.AddSingleton<IDreamQueue, DreamIntake>();
        services.AddSingleton<DreamCommand>();
        services.AddSingleton<QuotaCommand>();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = _database.CreateContext();
        db.GuildSettings.Add(new GuildSettings { GuildId = Guild, MaxQueuedPerUser = 10 });
        db.QuotaRules.AddRange(
            new QuotaRule { GuildId = Guild, Scope = QuotaScope.Guild, DailyUnits = 0.5 },
            new QuotaRule { GuildId = Guild, Scope = QuotaScope.Role, SubjectId = ArtistRole, DailyUnits = 1.5 },
            new QuotaRule { GuildId = Guild, Scope = QuotaScope.Role, SubjectId = 56, DailyUnits = 1.0 });
        await db.SaveChangesAsync();
    }

    // 512×512 at 30 steps costs 0.6 units.
    private async Task<bool> DreamAsync(long user, string permissions, IReadOnlyList<long> roles)
    {
        var reply = await _host.Services.GetRequiredService<DreamCommand>()
            .HandleAsync(Command("dream", "", user, permissions, roles, Text("prompt", "a fox"), Integer("steps", 30)), CancellationToken.None);
        return !reply.Ephemeral;
    }

    [Fact]
    public async Task Dream_UsesTheMostGenerousRoleRule_OverTheGuildDefault()
    {
        Assert.False(await DreamAsync(user: 30, SendMessagesOnly, []));

        Assert.True(await DreamAsync(Artist, SendMessagesOnly, [56, ArtistRole]));
        Assert.True(await DreamAsync(Artist, SendMessagesOnly, [56, ArtistRole]));
        Assert.False(await DreamAsync(Artist, SendMessagesOnly, [56, ArtistRole]));
    }

    [Fact]
    public async Task Dream_UsesTheUserRule_OverTheirRoles()
    {
        await using (var db = _database.CreateContext())
        {
            db.QuotaRules.Add(new QuotaRule { GuildId = Guild, Scope = QuotaScope.User, SubjectId = Artist, DailyUnits = 0.1 });
            await db.SaveChangesAsync();
        }

        Assert.False(await DreamAsync(Artist, SendMessagesOnly, [ArtistRole]));
    }

    [Fact]
    public async Task Dream_LetsModeratorsPastQuotas_OnlyWhileTheGuildSaysSo()
    {
        Assert.True(await DreamAsync(user: 40, ManageGuild, []));
        await using (var db = _database.CreateContext())
        {
            await db.GuildSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.ModeratorsUnlimited, false));
        }

        Assert.False(await DreamAsync(user: 41, ManageGuild, []));
    }

    [Fact]
    public async Task Quota_ShowsAllowanceUsageAndResetAsDiscordTimestamps()
    {
        await DreamAsync(Artist, SendMessagesOnly, [ArtistRole]);

        var reply = await _host.Services.GetRequiredService<QuotaCommand>()
            .HandleAsync(Command("quota", "", Artist, SendMessagesOnly, [ArtistRole]), CancellationToken.None);

        Assert.True(reply.Ephemeral);
        var tomorrow = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Contains($"0.6 of 1.5 units used, 0.9 left. Resets <t:{tomorrow}:f>", reply.Content, StringComparison.Ordinal);
    }
}
