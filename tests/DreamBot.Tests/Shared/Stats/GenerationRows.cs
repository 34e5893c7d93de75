using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared.Stats;

/// <summary>Generations for stats tests: only what the stats read is set, and every row gets its own interaction.</summary>
internal sealed class GenerationRows(long defaultGuild)
{
    private long _interaction;

    public Generation Row(long user, DateTimeOffset queued, GenerationStatus status, int count, double? waitS, double? renderS, string? worker,
        double cost, bool refunded = false, long? guild = null) => new()
    {
        UserId = user, UserName = $"user{user}", GuildId = guild ?? defaultGuild, QueuedAt = queued, Status = status,
        StartedAt = waitS is { } w ? queued.AddSeconds(w) : null,
        FinishedAt = waitS is { } w2 && renderS is { } r ? queued.AddSeconds(w2 + r) : null,
        Worker = worker, CostUnits = cost, Refunded = refunded, InteractionId = ++_interaction,
        Parameters = new DreamParameters { Prompt = "", Steps = 30, Width = 512, Height = 512, Count = count },
    };
}
