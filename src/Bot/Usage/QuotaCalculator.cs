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
        var windows = QuotaWindows.For(settings, now);
        var rules = await RulesAsync(db, guildId, cancellationToken);
        var usage = new QuotaUsage(
            await db.Generations.CostByUserSinceAsync(guildId, userId, windows.Day.Since, cancellationToken),
            CountsWeek(rules, userId, roleIds) ? await db.Generations.CostByUserSinceAsync(guildId, userId, windows.Week.Since, cancellationToken) : 0,
            settings?.GuildDailyUnits is not null && guildId is { } gid
                ? await db.Generations.CostByGuildSinceAsync(gid, windows.Day.Since, cancellationToken)
                : 0);
        return await ForMemberAsync(db, settings, rules, usage, guildId, userId, roleIds, isModerator, now, cancellationToken);
    }

    /// <summary>The same, for a caller that has already read the guild's rules and the member's usage (<see cref="QuotaWindows"/>).</summary>
    public static async Task<QuotaStatus> ForMemberAsync(
        DreamBotDb db, GuildSettings? settings, IReadOnlyCollection<QuotaRule> rules, QuotaUsage usage, long? guildId, long userId,
        IReadOnlyCollection<long> roleIds, bool isModerator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var (reset, day, week) = QuotaWindows.For(settings, now);
        var rule = PickRule(rules, userId, roleIds);
        var unlimited = isModerator && (settings?.ModeratorsUnlimited ?? true);

        if (reset == QuotaReset.Rolling)
        {
            day = day with { ResetsAt = await OldestChargeAsync(db, guildId, userId, day.Since, now, cancellationToken) + TimeSpan.FromDays(1) };
            week = week with { ResetsAt = await OldestChargeAsync(db, guildId, userId, week.Since, now, cancellationToken) + TimeSpan.FromDays(7) };
        }

        return new QuotaStatus(
            unlimited ? null : rule?.DailyUnits,
            usage.Today,
            day.ResetsAt,
            unlimited ? null : rule?.WeeklyUnits,
            rule?.WeeklyUnits is null ? 0 : usage.ThisWeek,
            week.ResetsAt,
            settings?.GuildDailyUnits,
            usage.GuildToday);
    }

    /// <summary>The quota rules of a guild; none in direct messages.</summary>
    public static async Task<List<QuotaRule>> RulesAsync(DreamBotDb db, long? guildId, CancellationToken cancellationToken) =>
        guildId is { } id ? await db.QuotaRules.AsNoTracking().Where(r => r.GuildId == id).ToListAsync(cancellationToken) : [];

    /// <summary>Whether the member's rule has a weekly limit, so their week's usage matters.</summary>
    public static bool CountsWeek(IReadOnlyCollection<QuotaRule> rules, long userId, IReadOnlyCollection<long> roleIds) =>
        PickRule(rules, userId, roleIds)?.WeeklyUnits is not null;

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
