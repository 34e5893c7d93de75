using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// The outbox sweep: every queued generation must have a job slot waiting for it. The Bot writes the row before the
/// job, so a crash or a database blip between the two leaves a row without a slot; this recurring job adds it.
/// </summary>
public sealed partial class QueueSweeper(DreamBotDb db, JobStorage storage, IBackgroundJobClient jobs, ILogger<QueueSweeper> logger)
{
    public const string RecurringJobId = "dream-queue-sweeper";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var active = await db.Generations
            .Where(g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running)
            .GroupBy(g => g.Parameters.Model)
            .Select(m => new
            {
                Model = m.Key,
                Queued = m.Count(g => g.Status == GenerationStatus.Queued),
                Running = m.Count(g => g.Status == GenerationStatus.Running),
            })
            .ToListAsync(cancellationToken);
        var monitoring = storage.GetMonitoringApi();
        var added = 0;
        foreach (var model in active.Where(m => m.Queued > 0))
        {
            var queue = ModelRoute.QueueFor(model.Model);
            var slots = monitoring.EnqueuedCount(queue) + monitoring.FetchedCount(queue) - model.Running;
            var missing = (int)Math.Max(0, model.Queued - slots);
            if (missing == 0)
                continue;

            // Any slot runs the fairest queued generation of its model, so which id it names is only for the record.
            var orphans = await db.Generations.AsNoTracking()
                .Where(g => g.Status == GenerationStatus.Queued && g.Parameters.Model == model.Model)
                .OrderBy(g => g.QueuedAt)
                .Select(g => g.Id)
                .Take(missing)
                .ToListAsync(cancellationToken);
            foreach (var id in orphans)
                jobs.EnqueueDream(id, model.Model);
            LogAdded(logger, orphans.Count, model.Queued, queue);
            added += orphans.Count;
        }
        return added;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Added {Count} missing job slots for {Queued} queued generations on queue {Queue}")]
    private static partial void LogAdded(ILogger logger, int count, int queued, string queue);
}
