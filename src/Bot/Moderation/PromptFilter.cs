using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Text;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// A guild's blocked words and phrases, matched as whole words, ignoring case and accents, in the prompt and the
/// negative prompt (which the result embed publishes). Each text is matched as typed and as the model reads it after
/// CLIP's cleaning, which undoes HTML entities and mojibake, so neither spelling slips past.
/// </summary>
public static class PromptFilter
{
    /// <summary>The first blocked term (as a moderator typed it) found in the prompt or negative prompt, or null.</summary>
    public static Task<string?> FindBlockedTermAsync(this DreamBotDb db, long guildId, DreamParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return db.FindBlockedTermAsync(guildId, [parameters.Prompt, parameters.NegativePrompt], cancellationToken);
    }

    /// <summary>The first blocked term (as a moderator typed it) found in any of the texts, or null.</summary>
    public static async Task<string?> FindBlockedTermAsync(this DreamBotDb db, long guildId, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(texts);
        var terms = await db.BlockedTerms.AsNoTracking()
            .Where(t => t.GuildId == guildId)
            .Select(t => new { t.Term, t.NormalizedTerm })
            .ToListAsync(cancellationToken);
        if (terms.Count == 0)
            return null;
        var readings = texts.Where(t => t.Length > 0)
            .SelectMany(t => new[] { TermNormalizer.Normalize(t), TermNormalizer.Normalize(ClipTextCleaner.Clean(t)) })
            .ToList();
        return terms.FirstOrDefault(t => readings.Any(r => TermNormalizer.ContainsWords(r, t.NormalizedTerm)))?.Term;
    }
}
