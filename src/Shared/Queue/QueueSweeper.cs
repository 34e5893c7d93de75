using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DreamBot.Shared.Queue;

/// <summary>
/// The outbox sweep: every queued generation must have a job slot waiting for it. The Bot writes the row before the
/// job, so a crash or a database blip between the two leaves a row without a slot; this recurring job adds it.
/// </summary>
public sealed partial class QueueSweeper(DreamBotDb db, JobStorage storage, IBackgroundJobClient jobs, ILogger<QueueSweeper> logger)
{
    public const string RecurringJobId = "dream-queue-sweeper";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var queued = await db.Generations.CountAsync(g => g.Status == GenerationStatus.Queued, cancellationToken);
        if (queued == 0)
            return 0;
        var running = await db.Generations.CountAsync(g => g.Status == GenerationStatus.Running, cancellationToken);
        var monitoring = storage.GetMonitoringApi();
        var slots = monitoring.EnqueuedCount(QueueOptions.DreamQueue) + monitoring.FetchedCount(QueueOptions.DreamQueue) - running;

        var missing = (int)Math.Max(0, queued - slots);
        if (missing == 0)
            return 0;

        // Any slot runs the fairest queued generation, so which id it names is only for the record.
        var orphans = await db.Generations.AsNoTracking()
            .Where(g => g.Status == GenerationStatus.Queued)
            .OrderBy(g => g.QueuedAt)
            .Select(g => g.Id)
            .Take(missing)
            .ToListAsync(cancellationToken);
        foreach (var id in orphans)
            jobs.EnqueueDream(id);
        LogAdded(logger, orphans.Count, queued);
        return orphans.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Added {Count} missing job slots for {Queued} queued generations")]
    private static partial void LogAdded(ILogger logger, int count, int queued);
}
