using System.Globalization;
using System.Text;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Usage;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using N = DreamBot.Bot.Moderation.ModOptionNames;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod quota set|reset|show: allowances for a user, a role, or the whole server by default.</summary>
public static class ModQuotaActions
{
    public static async Task<CommandReply> SetAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if (Subject(mod) is not { } subject)
            return CommandReply.Private("Choose a `user` or a `role`, not both (neither sets the server default).");
        var daily = mod.Options.Number(N.Daily);
        var weekly = mod.Options.Number(N.Weekly);
        if (daily is < 0 || weekly is < 0)
            return CommandReply.Private("Allowances cannot be negative.");
        var rule = await FindAsync(mod, subject, cancellationToken);
        if (rule is null)
        {
            rule = new QuotaRule { GuildId = mod.GuildId, Scope = subject.Scope, SubjectId = subject.Id };
            mod.Db.QuotaRules.Add(rule);
        }
        rule.DailyUnits = daily;
        rule.WeeklyUnits = weekly;
        rule.SetBy = mod.ActorId;
        rule.SetAt = mod.Now;
        var summary = $"{subject.Describe()}: {Units(daily)} a day, {Units(weekly)} a week";
        mod.Audit("quota.set", subject.Scope == QuotaScope.User ? subject.Id : null, summary, mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"Allowance set — {summary}.");
    }

    public static async Task<CommandReply> ResetAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if (Subject(mod) is not { } subject)
            return CommandReply.Private("Choose a `user` or a `role`, not both (neither resets the server default).");
        if (await FindAsync(mod, subject, cancellationToken) is not { } rule)
            return CommandReply.Private($"{subject.Describe()} has no allowance of its own.");
        mod.Db.QuotaRules.Remove(rule);
        mod.Audit("quota.reset", subject.Scope == QuotaScope.User ? subject.Id : null, $"{subject.Describe()}: rule removed", mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"{subject.Describe()} now follows the next rule (role, then server default).");
    }

    public static async Task<CommandReply> ShowAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var rules = await mod.Db.QuotaRules.AsNoTracking().Where(r => r.GuildId == mod.GuildId)
            .OrderBy(r => r.Scope).ThenBy(r => r.SubjectId).ToListAsync(cancellationToken);
        var text = new StringBuilder();
        if (rules.Count == 0)
            text.Append("No allowances are set: everyone is unlimited.\n");
        foreach (var rule in rules)
            text.Append(CultureInfo.InvariantCulture, $"• {new QuotaSubject(rule.Scope, rule.SubjectId).Describe()}: {Units(rule.DailyUnits)} a day, {Units(rule.WeeklyUnits)} a week\n");

        if (mod.Options.Snowflake(N.User) is { } userId)
        {
            // Role rules need the member's roles, which only their own /quota knows; this shows user and default rules.
            var status = await QuotaCalculator.ForMemberAsync(mod.Db, mod.GuildId, userId, [], isModerator: false, mod.Now, cancellationToken);
            text.Append(CultureInfo.InvariantCulture,
                $"<@{userId}> used {status.UsedToday:0.##} units today (resets <t:{status.DailyResetsAt.ToUnixTimeSeconds()}:R>), {status.UsedThisWeek:0.##} this week.");
        }
        return CommandReply.Private(text.ToString().TrimEnd());
    }

    private static QuotaSubject? Subject(ModeratorContext mod)
    {
        var user = mod.Options.Snowflake(N.User);
        var role = mod.Options.Snowflake(N.Role);
        return (user, role) switch
        {
            ({ } u, null) => new QuotaSubject(QuotaScope.User, u),
            (null, { } r) => new QuotaSubject(QuotaScope.Role, r),
            (null, null) => new QuotaSubject(QuotaScope.Guild, null),
            _ => null,
        };
    }

    private static Task<QuotaRule?> FindAsync(ModeratorContext mod, QuotaSubject subject, CancellationToken cancellationToken) =>
        mod.Db.QuotaRules.SingleOrDefaultAsync(r => r.GuildId == mod.GuildId && r.Scope == subject.Scope && r.SubjectId == subject.Id, cancellationToken);

    private static string Units(double? units) =>
        units is { } u ? string.Create(CultureInfo.InvariantCulture, $"{u:0.##} units") : "unlimited";

    private sealed record QuotaSubject(QuotaScope Scope, long? Id)
    {
        public string Describe() => Scope switch
        {
            QuotaScope.User => string.Create(CultureInfo.InvariantCulture, $"<@{Id}>"),
            QuotaScope.Role => string.Create(CultureInfo.InvariantCulture, $"<@&{Id}>"),
            _ => "Server default",
        };
    }
}
