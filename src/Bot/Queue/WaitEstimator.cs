using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Queue;

/// <summary>Estimates how long a request at a queue position waits, from recent render times and live workers.</summary>
public sealed class WaitEstimator(JobStorage storage)
{
    private const int Sample = 20;

    public async Task<TimeSpan?> EstimateAsync(DreamBotDb db, int position, CancellationToken cancellationToken)
    {
        var recent = await db.Generations.AsNoTracking()
            .Where(g => g.Status == GenerationStatus.Succeeded && g.StartedAt != null && g.FinishedAt != null)
            .OrderByDescending(g => g.FinishedAt)
            .Take(Sample)
            .Select(g => new { g.StartedAt, g.FinishedAt })
            .ToListAsync(cancellationToken);
        if (recent.Count == 0)
            return null;

        var averageSeconds = recent.Average(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds);
        var workers = Math.Max(1, LiveWorkers());
        // Everything ahead, plus this one, shared across the workers serving the queue.
        return TimeSpan.FromSeconds(averageSeconds * position / workers);
    }

    private int LiveWorkers() =>
        storage.GetMonitoringApi().Servers()
            .Where(s => s.Queues.Contains(QueueOptions.DreamQueue))
            .Sum(s => s.WorkersCount);
}
