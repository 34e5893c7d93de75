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
    /// Takes the locks <paramref name="origin"/> needs inside the current transaction and returns the guild's settings.
    /// The guild lock always comes before the user lock, and a transaction holds one of each at most, so two intakes
    /// never wait on each other in a cycle.
    /// </summary>
    public static async Task<GuildSettings?> TakeAsync(DreamBotDb db, DreamRequestOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(origin);
        var settings = origin.GuildId is { } guildId
            ? await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == guildId, cancellationToken)
            : null;
        if (settings?.GuildDailyUnits is not null)
            await LockAsync(db, "dreambot.intake.guild", settings.GuildId, cancellationToken);
        await LockAsync(db, "dreambot.intake.user", origin.UserId, cancellationToken);
        return settings;
    }

    /// <summary>One 64-bit lock per (<paramref name="kind"/>, <paramref name="id"/>): the id seeds the hash of the kind.</summary>
    private static Task<int> LockAsync(DreamBotDb db, string kind, long id, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({kind}, {id}))", cancellationToken);
}
