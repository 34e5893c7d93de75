using System.Linq.Expressions;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore.Query;

namespace DreamBot.Shared.Dataset;

/// <summary>
/// Which results may go into the dataset. Consent is asked twice: when the result is made (<see cref="ConsentWhenMade"/>,
/// recorded as <see cref="Generation.DatasetConsent"/>) and again at export: posted in a guild that opts in, by a user
/// who has not opted out and is not banned there, derived only from results that consented too, and not deleted since.
/// A result's ancestors must still be eligible at export too, which the export checks as it walks them.
/// </summary>
public static class DatasetEligibility
{
    public static IQueryable<Generation> EligibleForDataset(this DreamBotDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Generations
            .Where(g => g.Status == GenerationStatus.Succeeded && g.DatasetConsent && g.DeletedAt == null)
            .Where(SharedByGuildAndUser(db));
    }

    /// <summary>
    /// Consent as it stands now, for a result being made: its guild and its requester consent, and what it derives from
    /// (Upscale, Vary, Reroll, Zoom, Pan of an earlier result, maybe someone else's) consented when it was made.
    /// </summary>
    public static Expression<Func<Generation, bool>> ConsentWhenMade(DreamBotDb db)
    {
        var shared = SharedByGuildAndUser(db);
        Expression<Func<Generation, bool>> parent = g => g.ParentGenerationId == null || db.Generations.Any(p => p.Id == g.ParentGenerationId && p.DatasetConsent);
        var both = Expression.AndAlso(shared.Body, ReplacingExpressionVisitor.Replace(parent.Parameters[0], shared.Parameters[0], parent.Body));
        return Expression.Lambda<Func<Generation, bool>>(both, shared.Parameters[0]);
    }

    private static Expression<Func<Generation, bool>> SharedByGuildAndUser(DreamBotDb db) => g =>
        db.GuildSettings.Any(s => s.GuildId == g.GuildId && s.DatasetOptIn)
        && !db.UserPreferences.Any(p => p.UserId == g.UserId && p.DatasetOptedOutAt != null)
        && !db.Bans.Any(b => b.GuildId == g.GuildId && b.UserId == g.UserId);
}
