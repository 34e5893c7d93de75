using DreamBot.Shared.Data;

namespace DreamBot.Shared.Dataset;

/// <summary>
/// Which results may go into the dataset: posted in a guild that opted in, by a user who has not opted out and is not
/// banned there, and not deleted since.
/// </summary>
public static class DatasetEligibility
{
    public static IQueryable<Generation> EligibleForDataset(this DreamBotDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Generations.Where(g => g.Status == GenerationStatus.Succeeded
            && g.DeletedAt == null
            && db.GuildSettings.Any(s => s.GuildId == g.GuildId && s.DatasetOptIn)
            && !db.UserPreferences.Any(p => p.UserId == g.UserId && p.DatasetOptedOutAt != null)
            && !db.Bans.Any(b => b.GuildId == g.GuildId && b.UserId == g.UserId));
    }
}
