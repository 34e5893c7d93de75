using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Moderation;

/// <summary>A guild's blocked words and phrases, matched as whole words, ignoring case and accents.</summary>
public static class PromptFilter
{
    /// <summary>The first blocked term (as a moderator typed it) found in the prompt, or null.</summary>
    public static async Task<string?> FindBlockedTermAsync(this DreamBotDb db, long guildId, string prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var terms = await db.BlockedTerms.AsNoTracking()
            .Where(t => t.GuildId == guildId)
            .Select(t => new { t.Term, t.NormalizedTerm })
            .ToListAsync(cancellationToken);
        if (terms.Count == 0)
            return null;
        var normalized = TermNormalizer.Normalize(prompt);
        return terms.FirstOrDefault(t => TermNormalizer.ContainsWords(normalized, t.NormalizedTerm))?.Term;
    }
}
