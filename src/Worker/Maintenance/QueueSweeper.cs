using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using Hangfire;
using Hangfire.Storage;
using DreamBot.Worker.Jobs;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// The outbox sweep: every queued generation must have a job slot waiting for it. The Bot writes the row before the
/// job, so a crash or a database blip between the two leaves a row without a slot, or a row never released to the
/// Workers; this recurring job releases it and adds the slot.
/// It also repairs claimed rows whose job is gone (deleted from the dashboard, retries exhausted, or a second row
/// claimed for one job), which nothing else would ever finish.
/// </summary>
public sealed partial class QueueSweeper(
    DreamBotDb db, JobStorage storage, IBackgroundJobClient jobs, ResultPoster poster, TimeProvider time, ILogger<QueueSweeper> logger)
{
    public const string RecurringJobId = "dream-queue-sweeper";

    /// <summary>Job states in which the job will still run (again) and finish its generation itself.</summary>
    private static readonly HashSet<string> LiveJobStates = ["Processing", "Enqueued", "Scheduled", "Awaiting"];

    /// <summary>
    /// How long the Bot has to release a request after recording it (its reply is delivered within seconds). Past
    /// that the Bot stopped in between, and the request is released here; should the acknowledgement never have
    /// reached Discord, the result goes to the channel instead (see <see cref="ResultPoster"/>).
    /// </summary>
    public static readonly TimeSpan AcknowledgementGrace = TimeSpan.FromMinutes(1);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await RepairAbandonedAsync(cancellationToken);
        await ReleaseOverdueAsync(cancellationToken);
        var active = await db.Generations
            .Where(g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting)
            .GroupBy(g => g.Parameters.Model)
            .Select(m => new
            {
                Model = m.Key,
                Queued = m.Count(g => g.Status == GenerationStatus.Queued && !g.AwaitingAcknowledgement),
                Running = m.Count(g => g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting),
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
                .Where(g => g.Status == GenerationStatus.Queued && !g.AwaitingAcknowledgement && g.Parameters.Model == model.Model)
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

    private async Task ReleaseOverdueAsync(CancellationToken cancellationToken)
    {
        var released = await db.ReleaseRecordedBeforeAsync(time.GetUtcNow() - AcknowledgementGrace, cancellationToken);
        if (released > 0)
            LogReleased(logger, released);
    }

    /// <summary>A posted result is recorded as a success; anything else is failed and refunded, and the user told.</summary>
    private async Task RepairAbandonedAsync(CancellationToken cancellationToken)
    {
        var claimed = await db.Generations.AsNoTracking()
            .Where(g => g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting)
            .ToListAsync(cancellationToken);
        using var connection = storage.GetConnection();
        foreach (var generation in claimed.Where(g => !IsLive(connection, g)))
        {
            LogAbandoned(logger, generation.Id, generation.JobId, generation.Status);
            if (generation is { Status: GenerationStatus.Posting, ResultMessageId: not null })
                await db.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
            else if (await db.TryFailAsync(generation.Id, generation.Status, "Its job no longer exists.", time.GetUtcNow()))
                await NotifyAsync(generation);
        }
    }

    private static bool IsLive(IStorageConnection connection, Generation generation)
    {
        // The job is processing this row, or will run again and resume it; a second row claimed by a job that also
        // holds another is abandoned as soon as that job moves on.
        if (generation.JobId is not { } jobId || !long.TryParse(jobId, out _))
            return true;
        return connection.GetStateData(jobId)?.Name is { } state && LiveJobStates.Contains(state);
    }

    private async Task NotifyAsync(Generation generation)
    {
        try
        {
            await poster.NotifyAsync(generation, "Sorry, this one failed: the worker stopped before finishing it. Your units were refunded.", CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The outcome is recorded; telling the user is best effort.
            LogNotifyFailed(logger, ex, generation.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} is {Status} but its job {JobId} will not finish it; repairing")]
    private static partial void LogAbandoned(ILogger logger, long generationId, string? jobId, GenerationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about generation {GenerationId}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released {Count} requests the Bot recorded but never released")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Added {Count} missing job slots for {Queued} queued generations on queue {Queue}")]
    private static partial void LogAdded(ILogger logger, int count, int queued, string queue);
}
