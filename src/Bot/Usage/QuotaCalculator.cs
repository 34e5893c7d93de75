using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Usage;

/// <summary>
/// Works out a member's allowance: their own rule beats their roles' rules (the most generous role wins), which beat
/// the guild default; moderators are unlimited when the guild says so. Usage comes from the generations table.
/// </summary>
public static class QuotaCalculator
{
    public static async Task<QuotaStatus> ForMemberAsync(
        DreamBotDb db, long? guildId, long userId, IReadOnlyCollection<long> roleIds, bool isModerator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = guildId is { } id ? await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == id, cancellationToken) : null;
        return await ForMemberAsync(db, settings, guildId, userId, roleIds, isModerator, now, cancellationToken);
    }

    /// <summary>The same, for a caller that has already loaded the guild's settings.</summary>
    public static async Task<QuotaStatus> ForMemberAsync(
        DreamBotDb db, GuildSettings? settings, long? guildId, long userId, IReadOnlyCollection<long> roleIds, bool isModerator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reset = settings?.QuotaReset ?? QuotaReset.UtcDaily;
        var day = QuotaWindow.Daily(reset, now);
        var week = QuotaWindow.Weekly(reset, now);

        var rules = guildId is { } g
            ? await db.QuotaRules.AsNoTracking().Where(r => r.GuildId == g).ToListAsync(cancellationToken)
            : [];
        var rule = PickRule(rules, userId, roleIds);
        var unlimited = isModerator && (settings?.ModeratorsUnlimited ?? true);

        var usedToday = await db.Generations.CostByUserSinceAsync(guildId, userId, day.Since, cancellationToken);
        var usedWeek = rule?.WeeklyUnits is null ? 0 : await db.Generations.CostByUserSinceAsync(guildId, userId, week.Since, cancellationToken);
        var guildUsed = settings?.GuildDailyUnits is not null && guildId is { } gid
            ? await db.Generations.CostByGuildSinceAsync(gid, day.Since, cancellationToken)
            : 0;

        if (reset == QuotaReset.Rolling)
        {
            day = day with { ResetsAt = await OldestChargeAsync(db, guildId, userId, day.Since, now, cancellationToken) + TimeSpan.FromDays(1) };
            week = week with { ResetsAt = await OldestChargeAsync(db, guildId, userId, week.Since, now, cancellationToken) + TimeSpan.FromDays(7) };
        }

        return new QuotaStatus(
            unlimited ? null : rule?.DailyUnits,
            usedToday,
            day.ResetsAt,
            unlimited ? null : rule?.WeeklyUnits,
            usedWeek,
            week.ResetsAt,
            settings?.GuildDailyUnits,
            guildUsed);
    }

    /// <summary>The rule that applies: the user's, else the most generous of their roles', else the guild default.</summary>
    public static QuotaRule? PickRule(IReadOnlyCollection<QuotaRule> rules, long userId, IReadOnlyCollection<long> roleIds)
    {
        if (rules.FirstOrDefault(r => r.Scope == QuotaScope.User && r.SubjectId == userId) is { } own)
            return own;
        var roleRules = rules.Where(r => r.Scope == QuotaScope.Role && r.SubjectId is { } role && roleIds.Contains(role)).ToList();
        if (roleRules.Count > 0)
            return roleRules.OrderByDescending(r => r.DailyUnits ?? double.PositiveInfinity).ThenByDescending(r => r.WeeklyUnits ?? double.PositiveInfinity).First();
        return rules.FirstOrDefault(r => r.Scope == QuotaScope.Guild);
    }

    private static async Task<DateTimeOffset> OldestChargeAsync(DreamBotDb db, long? guildId, long userId, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Generations.Charged()
            .Where(g => g.UserId == userId && g.GuildId == guildId && g.QueuedAt >= since)
            .MinAsync(g => (DateTimeOffset?)g.QueuedAt, cancellationToken) ?? now;
}
