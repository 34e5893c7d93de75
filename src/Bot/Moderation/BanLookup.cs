using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// Which ban stops a user: in a server, that server's own; in a direct message, which belongs to no server, a ban
/// from any server.
/// </summary>
public static class BanLookup
{
    public static Task<Ban?> ApplyingBanAsync(this DreamBotDb db, long? guildId, long userId, CancellationToken cancellationToken) =>
        db.ApplyingBans(guildId, userId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The bans that stop the user, the one to name first.</summary>
    public static IQueryable<Ban> ApplyingBans(this DreamBotDb db, long? guildId, long userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Bans.AsNoTracking()
            .Where(b => b.UserId == userId && (guildId == null || b.GuildId == guildId))
            .OrderBy(b => b.GuildId);
    }
}
