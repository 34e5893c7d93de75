using System.Text;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Text;
using Microsoft.EntityFrameworkCore;
using N = DreamBot.Bot.Moderation.ModOptionNames;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod filter add|remove|list: words and phrases refused in /dream prompts.</summary>
public static class ModFilterActions
{
    public static async Task<CommandReply> AddAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var term = mod.Options.String(N.Term)?.Trim() ?? "";
        var normalized = TermNormalizer.Normalize(term);
        if (normalized.Length == 0)
            return CommandReply.Private("Give a word or phrase to block.");
        if (await mod.Db.BlockedTerms.AnyAsync(t => t.GuildId == mod.GuildId && t.NormalizedTerm == normalized, cancellationToken))
            return CommandReply.Private($"\"{term}\" is already blocked.");
        mod.Db.BlockedTerms.Add(new BlockedTerm { GuildId = mod.GuildId, Term = term, NormalizedTerm = normalized, AddedBy = mod.ActorId, AddedAt = mod.Now });
        mod.Audit("filter.add", null, term, mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"Prompts containing \"{term}\" (in any case, with or without accents) are now refused.");
    }

    public static async Task<CommandReply> RemoveAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var term = mod.Options.String(N.Term)?.Trim() ?? "";
        var normalized = TermNormalizer.Normalize(term);
        var blocked = await mod.Db.BlockedTerms.SingleOrDefaultAsync(t => t.GuildId == mod.GuildId && t.NormalizedTerm == normalized, cancellationToken);
        if (blocked is null)
            return CommandReply.Private($"\"{term}\" is not blocked.");
        mod.Db.BlockedTerms.Remove(blocked);
        mod.Audit("filter.remove", null, blocked.Term, mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"\"{blocked.Term}\" is no longer blocked.");
    }

    public static async Task<CommandReply> ListAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var terms = await mod.Db.BlockedTerms.AsNoTracking().Where(t => t.GuildId == mod.GuildId)
            .OrderBy(t => t.NormalizedTerm).Select(t => t.Term).ToListAsync(cancellationToken);
        if (terms.Count == 0)
            return CommandReply.Private("Nothing is blocked. Add a word or phrase with `/mod filter add`.");
        var text = new StringBuilder("**Blocked:** ");
        // Whole terms only: room for the term, its backticks and space, and the closing "…".
        foreach (var term in terms)
        {
            if (text.Length + term.Length + 4 > DiscordLimits.Content)
            {
                text.Append('…');
                break;
            }
            text.Append('`').Append(term.Replace('`', '\'')).Append("` ");
        }
        return CommandReply.Private(text.ToString().TrimEnd());
    }
}
