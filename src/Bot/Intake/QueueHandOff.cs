using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using DreamBot.Bot.Waiting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DreamBot.Bot.Intake;

/// <summary>
/// What follows a recorded request: its place and wait for the reply, then, once the reply is out, its release to the
/// Workers. The row is the durable record: if the release never happens, the Worker's queue sweep does it.
/// </summary>
public sealed partial class QueueHandOff(
    IDbContextFactory<DreamBotDb> contexts, DreamSlots slots, WaitEstimator waits, ILogger<QueueHandOff> logger)
{
    /// <summary>The request is recorded by now, so a failure to read its place still answers "queued", never "try again".</summary>
    public async Task<DreamSubmission> QueuedAsync(DreamBotDb db, long generationId, CancellationToken cancellationToken)
    {
        try
        {
            var position = await db.PositionAsync(generationId, cancellationToken) ?? 1;
            var wait = await waits.EstimateAsync(db, position, cancellationToken);
            return DreamSubmission.Queued(position, wait);
        }
        catch (Exception ex) when (ex is NpgsqlException or RetryLimitExceededException or TimeoutException)
        {
            LogPositionUnknown(logger, ex, generationId);
            return DreamSubmission.QueuedWithoutPosition();
        }
    }

    /// <summary>
    /// Hands a recorded request to the Workers once its reply is delivered, so no Worker edits the interaction before
    /// Discord has the acknowledgement. Exactly one release makes sure a job slot waits for it.
    /// </summary>
    public async Task ReleaseAsync(long generationId, string model, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.TryReleaseAsync(generationId, cancellationToken))
            return;
        try
        {
            // A slot runs the fairest queued generations, which are not necessarily this one; a slot already waiting
            // to start will claim this one too.
            await slots.EnsureWaitingAsync(generationId, model, cancellationToken);
        }
        // Hangfire wraps storage failures in BackgroundJobClientException; the row is saved, so this is still "queued".
        catch (Exception ex) when (ex is BackgroundJobClientException or NpgsqlException or DbUpdateException or TimeoutException)
        {
            LogEnqueueDeferred(logger, ex, generationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} was recorded but its queue position could not be read")]
    private static partial void LogPositionUnknown(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} was recorded but its job could not be enqueued now; the sweeper will enqueue it")]
    private static partial void LogEnqueueDeferred(ILogger logger, Exception exception, long generationId);
}
