using System.Globalization;
using System.Text;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using Microsoft.EntityFrameworkCore;
using N = DreamBot.Bot.Moderation.ModOptionNames;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod queue list|cancel: everyone's requests in this guild.</summary>
public static class ModQueueActions
{
    public static async Task<CommandReply> ListAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var active = await mod.Db.Generations.AsNoTracking()
            .Where(g => g.GuildId == mod.GuildId && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running))
            .OrderBy(g => g.QueuedAt).Take(20)
            .Select(g => new { g.Id, g.UserId, g.Status, Prompt = g.Parameters.Prompt, g.QueuedAt })
            .ToListAsync(cancellationToken);
        if (active.Count == 0)
            return CommandReply.Private("Nothing from this server is waiting or rendering.");
        // The hint comes first: a long list is cut at Discord's limit from the end.
        var text = new StringBuilder("Cancel one with `/mod queue cancel id:<number>`.\n");
        foreach (var g in active)
        {
            var prompt = DiscordLimits.Truncate(g.Prompt, 50);
            text.Append(CultureInfo.InvariantCulture,
                $"• `#{g.Id}` <@{g.UserId}> {g.Status.ToString().ToLowerInvariant()} since <t:{g.QueuedAt.ToUnixTimeSeconds()}:R> — {prompt}\n");
        }
        return CommandReply.Private(text.ToString().TrimEnd());
    }

    public static async Task<CommandReply> CancelAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if (mod.Options.Integer(N.Id) is not { } id)
            return CommandReply.Private("Give the request `id` from `/mod queue list`.");
        var target = await mod.Db.Generations.AsNoTracking().Where(g => g.Id == id && g.GuildId == mod.GuildId)
            .Select(g => new { g.Id, g.UserId }).SingleOrDefaultAsync(cancellationToken);
        if (target is null)
            return CommandReply.Private(string.Create(CultureInfo.InvariantCulture, $"This server has no request #{id}."));
        if (await mod.Db.CancelAsync(target.Id, mod.Now, cancellationToken) is not CancelOutcome.Cancelled and var refused)
            return CommandReply.Private(GenerationCancellation.Refusal(refused, target.Id));
        mod.Audit("queue.cancel", target.UserId, string.Create(CultureInfo.InvariantCulture, $"cancelled request #{id}"), mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private(string.Create(CultureInfo.InvariantCulture, $"Cancelled request #{id} by <@{target.UserId}>; its units were refunded."));
    }
}
