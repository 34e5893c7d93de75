using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Text;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// A guild's blocked words and phrases, found in the prompt and the negative prompt (which the result embed publishes)
/// as <see cref="BlockedTermMatch"/> matches them.
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
        ArgumentNullException.ThrowIfNull(texts);
        return BlockedTermMatch.Find(await BlockedTermMatch.TermsAsync(db, guildId, cancellationToken), texts);
    }
}
