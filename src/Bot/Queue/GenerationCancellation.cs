using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Queue;

/// <summary>
/// Cancels a generation that has not finished. A queued one never starts; a running one is stopped by its worker at
/// the next step (the worker watches for this status). Either way the units are refunded.
/// </summary>
public static class GenerationCancellation
{
    public static async Task<bool> CancelAsync(this DreamBotDb db, long generationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = await db.Generations
            .Where(g => g.Id == generationId && g.Status == GenerationStatus.Queued)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Cancelled)
                .SetProperty(g => g.FinishedAt, now)
                .SetProperty(g => g.Refunded, true), cancellationToken);
        if (queued == 1)
            return true;
        // Running: the worker records the finish time when it stops.
        var running = await db.Generations
            .Where(g => g.Id == generationId && g.Status == GenerationStatus.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Cancelled)
                .SetProperty(g => g.Refunded, true), cancellationToken);
        return running == 1;
    }
}
