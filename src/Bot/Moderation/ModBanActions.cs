using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using N = DreamBot.Bot.Moderation.ModOptionNames;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod ban and /mod unban.</summary>
public static class ModBanActions
{
    public static async Task<CommandReply> BanAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if (mod.Options.Snowflake(N.User) is not { } userId)
            return CommandReply.Private("Choose the `user` to ban.");
        var reason = mod.Options.String(N.Reason)?.Trim() ?? "";
        var ban = await mod.Db.Bans.SingleOrDefaultAsync(b => b.GuildId == mod.GuildId && b.UserId == userId, cancellationToken);
        if (ban is null)
        {
            ban = new Ban { GuildId = mod.GuildId, UserId = userId };
            mod.Db.Bans.Add(ban);
        }
        ban.Reason = reason;
        ban.BannedBy = mod.ActorId;
        ban.BannedAt = mod.Now;
        mod.Audit("ban", userId, "banned from DreamBot", reason);
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"<@{userId}> can no longer use DreamBot here.");
    }

    public static async Task<CommandReply> UnbanAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if (mod.Options.Snowflake(N.User) is not { } userId)
            return CommandReply.Private("Choose the `user` to unban.");
        var ban = await mod.Db.Bans.SingleOrDefaultAsync(b => b.GuildId == mod.GuildId && b.UserId == userId, cancellationToken);
        if (ban is null)
            return CommandReply.Private($"<@{userId}> is not banned.");
        mod.Db.Bans.Remove(ban);
        mod.Audit("unban", userId, "ban lifted", mod.Options.String(N.Reason)?.Trim());
        await mod.Db.SaveChangesAsync(cancellationToken);
        return CommandReply.Private($"<@{userId}> can use DreamBot again.");
    }
}
