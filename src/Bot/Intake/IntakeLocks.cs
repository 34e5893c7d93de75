using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Intake;

/// <summary>
/// Transaction-scoped advisory locks that serialise the intake of one requester (and of one guild with a guild-wide
/// daily cap), so a check and the insert it allows are one step for everyone else asking at the same time.
/// </summary>
public static class IntakeLocks
{
    /// <summary>
    /// Takes the locks <paramref name="origin"/> needs inside the current transaction and returns the guild's settings,
    /// in one round trip (<c>dreambot.take_intake_locks</c>). The guild lock always comes before the user lock, and a
    /// transaction holds one of each at most, so two intakes never wait on each other in a cycle.
    /// </summary>
    public static Task<GuildSettings?> TakeAsync(DreamBotDb db, DreamRequestOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(origin);
        var guildKey = origin.GuildId ?? 0;
        return db.GuildSettings.FromSql($"SELECT * FROM dreambot.take_intake_locks({guildKey}, {origin.UserId})")
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
    }
}
