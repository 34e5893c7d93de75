using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Usage;

/// <summary>Usage is always computed from the generations table (indexed by user/guild and time), so nothing drifts.</summary>
public static class UsageQueries
{
    /// <summary>Generations that count against quotas: accepted and not refunded.</summary>
    public static IQueryable<Generation> Charged(this IQueryable<Generation> generations) =>
        generations.Where(g => !g.Refunded);

    /// <summary>What a user was charged in a guild (null: in direct messages) since a time.</summary>
    public static IQueryable<Generation> ChargedToUserSince(this IQueryable<Generation> generations, long? guildId, long userId, DateTimeOffset since) =>
        generations.Charged().Where(g => g.UserId == userId && g.GuildId == guildId && g.QueuedAt >= since);

    public static IQueryable<Generation> ChargedToGuildSince(this IQueryable<Generation> generations, long guildId, DateTimeOffset since) =>
        generations.Charged().Where(g => g.GuildId == guildId && g.QueuedAt >= since);

    /// <summary>A user's requests that have not started yet, in any guild.</summary>
    public static IQueryable<Generation> WaitingOf(this IQueryable<Generation> generations, long userId) =>
        generations.Where(g => g.UserId == userId && g.Status == GenerationStatus.Queued);

    public static Task<double> CostByUserSinceAsync(this IQueryable<Generation> generations, long? guildId, long userId, DateTimeOffset since, CancellationToken cancellationToken) =>
        generations.ChargedToUserSince(guildId, userId, since).SumAsync(g => g.CostUnits, cancellationToken);

    public static Task<double> CostByGuildSinceAsync(this IQueryable<Generation> generations, long guildId, DateTimeOffset since, CancellationToken cancellationToken) =>
        generations.ChargedToGuildSince(guildId, since).SumAsync(g => g.CostUnits, cancellationToken);
}
