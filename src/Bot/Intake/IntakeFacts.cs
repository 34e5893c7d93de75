using DreamBot.Bot.Moderation;
using DreamBot.Bot.Usage;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Intake;

/// <summary>
/// What the intake checks under the requester's lock, read in one round trip: whether this interaction is already
/// recorded, the ban that stops the user, their requests waiting and the usage their quota counts.
/// Each part is the query of the rule that owns it, composed into one statement.
/// </summary>
public sealed class IntakeFacts
{
    public Generation? Recorded { get; init; }
    public Ban? Ban { get; init; }
    public int Waiting { get; init; }
    public double UsedToday { get; init; }
    public double UsedThisWeek { get; init; }
    public double GuildUsedToday { get; init; }

    public QuotaUsage Usage => new(UsedToday, UsedThisWeek, GuildUsedToday);

    public static Task<IntakeFacts> ReadAsync(
        DreamBotDb db, GuildSettings? settings, IReadOnlyCollection<QuotaRule> rules, DreamRequestOrigin origin, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(origin);
        var (guildId, userId, interactionId) = (origin.GuildId, origin.UserId, origin.InteractionId);
        var windows = QuotaWindows.For(settings, now);
        var countsGuild = settings?.GuildDailyUnits is not null && guildId is not null;
        var countsWeek = QuotaCalculator.CountsWeek(rules, userId, origin.Roles);
        var generations = db.Generations.AsNoTracking();
        // Captured as queryables, EF inlines each into the one statement.
        var recorded = generations.Where(g => g.InteractionId == interactionId);
        var bans = db.ApplyingBans(guildId, userId);
        var waiting = generations.WaitingOf(userId);
        var today = generations.ChargedToUserSince(guildId, userId, windows.Day.Since);
        var week = generations.ChargedToUserSince(guildId, userId, windows.Week.Since).Where(_ => countsWeek);
        var guildToday = generations.ChargedToGuildSince(countsGuild ? guildId ?? 0 : 0, windows.Day.Since).Where(_ => countsGuild);
        return db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").Select(_ => new IntakeFacts
        {
            Recorded = recorded.FirstOrDefault(),
            Ban = bans.FirstOrDefault(),
            Waiting = waiting.Count(),
            UsedToday = today.Sum(g => g.CostUnits),
            UsedThisWeek = week.Sum(g => g.CostUnits),
            GuildUsedToday = guildToday.Sum(g => g.CostUnits),
        }).SingleAsync(cancellationToken);
    }
}
