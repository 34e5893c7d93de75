using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Usage;

/// <summary>Usage is always computed from the generations table (indexed by user/guild and time), so nothing drifts.</summary>
public static class UsageQueries
{
    /// <summary>Generations that count against quotas: accepted and not refunded.</summary>
    public static IQueryable<Generation> Charged(this IQueryable<Generation> generations) =>
        generations.Where(g => !g.Refunded);

    public static Task<double> CostByUserSinceAsync(this IQueryable<Generation> generations, long? guildId, long userId, DateTimeOffset since, CancellationToken cancellationToken) =>
        generations.Charged()
            .Where(g => g.UserId == userId && g.GuildId == guildId && g.QueuedAt >= since)
            .SumAsync(g => g.CostUnits, cancellationToken);

    public static Task<double> CostByGuildSinceAsync(this IQueryable<Generation> generations, long guildId, DateTimeOffset since, CancellationToken cancellationToken) =>
        generations.Charged()
            .Where(g => g.GuildId == guildId && g.QueuedAt >= since)
            .SumAsync(g => g.CostUnits, cancellationToken);

    public static Task<int> WaitingCountAsync(this IQueryable<Generation> generations, long userId, CancellationToken cancellationToken) =>
        generations.CountAsync(g => g.UserId == userId && g.Status == GenerationStatus.Queued, cancellationToken);
}
