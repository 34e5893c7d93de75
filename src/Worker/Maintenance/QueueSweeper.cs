using DreamBot.Worker.Delivery;
using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// The outbox sweep: every queue with generations waiting must have a job slot waiting to claim them. The Bot writes
/// the row before the slot, so a crash or a database blip between the two leaves a row without a slot, or a row never
/// released to the Workers; this recurring job releases it and adds the slot.
/// It also repairs claimed rows whose job is gone (deleted from the dashboard, retries exhausted, or a second row
/// claimed for one job), which nothing else would ever finish.
/// </summary>
public sealed partial class QueueSweeper(
    DreamBotDb db, JobStorage storage, DreamSlots slots, ResultPoster poster, TimeProvider time, ILogger<QueueSweeper> logger)
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

    /// <summary>
    /// How old a released request must be before a queue without a waiting slot counts as having lost it: a younger one
    /// may be about to be claimed by the slot that was fetched a moment ago and has not claimed yet.
    /// </summary>
    public static readonly TimeSpan StrayAfter = TimeSpan.FromSeconds(30);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await RepairAbandonedAsync(cancellationToken);
        await ReleaseOverdueAsync(cancellationToken);
        var strayBefore = time.GetUtcNow() - StrayAfter;
        var waiting = await db.Generations
            .Where(g => g.Status == GenerationStatus.Queued && !g.AwaitingAcknowledgement && g.QueuedAt < strayBefore)
            .GroupBy(g => g.Parameters.Model)
            .Select(m => new { Model = m.Key, Oldest = m.Min(g => g.Id), Count = m.Count() })
            .ToListAsync(cancellationToken);
        var added = 0;
        foreach (var model in waiting)
        {
            // One slot waiting to start claims whatever is queued then, and brings in more slots while more remain.
            if (!await slots.EnsureWaitingAsync(model.Oldest, model.Model, cancellationToken))
                continue;
            LogAdded(logger, model.Count, ModelRoute.QueueFor(model.Model));
            added++;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Added the missing job slot for {Queued} queued generations on queue {Queue}")]
    private static partial void LogAdded(ILogger logger, int queued, string queue);
}
