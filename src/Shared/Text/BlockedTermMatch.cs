using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Shared.Text;

/// <summary>
/// Whether texts hit a blocked term: whole words, ignoring case and accents, each text read as typed and as the model
/// reads it after CLIP's cleaning (which undoes HTML entities and mojibake), so neither spelling slips past.
/// </summary>
public static class BlockedTermMatch
{
    /// <summary>The terms a guild blocks, as typed and normalised, in the order they were added.</summary>
    public static async Task<List<(string Term, string NormalizedTerm)>> TermsAsync(DreamBotDb db, long guildId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.BlockedTerms.AsNoTracking().Where(t => t.GuildId == guildId).OrderBy(t => t.Id)
            .Select(t => new { t.Term, t.NormalizedTerm }).ToListAsync(cancellationToken);
        return [.. rows.Select(t => (t.Term, t.NormalizedTerm))];
    }

    /// <summary>The first term (as a moderator typed it) found in any of the texts, or null.</summary>
    public static string? Find(IReadOnlyList<(string Term, string NormalizedTerm)> terms, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(texts);
        if (terms.Count == 0)
            return null;
        var readings = texts.Where(t => t.Length > 0)
            .SelectMany(t => new[] { TermNormalizer.Normalize(t), TermNormalizer.Normalize(ClipTextCleaner.Clean(t)) })
            .ToList();
        return terms.FirstOrDefault(t => readings.Any(r => TermNormalizer.ContainsWords(r, t.NormalizedTerm))).Term;
    }
}
