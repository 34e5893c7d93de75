using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Delivery;
using DreamBot.Worker.Rendering;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// Runs one claimed batch: render (<see cref="RequestRenderer"/>), then post each result (<see cref="ResultDelivery"/>).
/// The generations of a batch share the render and nothing else: each is cancelled, posted and recorded on its own, and
/// a batch whose shared render failed for good is rendered again one generation at a time, so one request cannot fail
/// the others.
/// </summary>
public sealed partial class BatchRun(
    DreamBotDb db, RequestRenderer rendering, ResultDelivery delivery, GenerationWatcher watcher, TimeProvider time, ILogger<BatchRun> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>Renders and posts the batch; says whether every generation in it reached its end here.</summary>
    public async Task<BatchOutcome> RunAsync(List<Generation> batch, string jobId, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcome = await RunTogetherAsync(batch, jobId, attempt, cancellationToken);
        if (outcome != BatchOutcome.FailedTogether)
            return outcome;
        // Only those still rendering: a member whose post began is the result's already.
        var ids = batch.Select(g => g.Id).ToList();
        var rendering = await db.Generations.AsNoTracking().Where(g => ids.Contains(g.Id) && g.Status == GenerationStatus.Running)
            .Select(g => g.Id).ToListAsync(cancellationToken);
        outcome = BatchOutcome.Finished;
        foreach (var generation in batch.Where(g => rendering.Contains(g.Id)))
        {
            if (await RunTogetherAsync([generation], jobId, attempt, cancellationToken) != BatchOutcome.Finished)
                outcome = BatchOutcome.Failed;
        }
        return outcome;
    }

    private async Task<BatchOutcome> RunTogetherAsync(List<Generation> batch, string jobId, int attempt, CancellationToken cancellationToken)
    {
        foreach (var generation in batch)
            LogStarted(logger, generation.Id, jobId, attempt, batch.Count);
        var cancels = batch.Select(_ => CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)).ToList();
        // The render stops only when every generation in it was cancelled; the others still want their images.
        using var renderCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watches = batch.Zip(cancels).Select(pair => watcher.CancelWhenCancelled(pair.First.Id, pair.Second)).ToList();
        var registrations = cancels.Select(cancel => cancel.Token.Register(() =>
        {
            if (cancels.All(other => other.IsCancellationRequested))
                renderCancel.Cancel();
        })).ToList();
        try
        {
            await RenderAndPostAsync(batch, renderCancel.Token, cancellationToken);
            return BatchOutcome.Finished;
        }
        catch (OperationCanceledException) when (renderCancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The watchers saw every row cancelled by its user or a moderator, who already refunded it.
            foreach (var generation in batch)
                await delivery.NotifyAsync(generation, "Cancelled.");
            return BatchOutcome.Finished;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the generations stay claimed by this job, which Hangfire re-queues and resumes.
            foreach (var generation in batch)
                LogInterrupted(logger, generation.Id);
            throw;
        }
        catch (Exception ex) when (batch.Count > 1 && (RenderFailure.IsPermanent(ex) || attempt + 1 >= MaxAttempts))
        {
            LogBatchFailed(logger, ex, batch.Count);
            return BatchOutcome.FailedTogether;
        }
        catch (Exception ex) when (RenderFailure.IsPermanent(ex) || attempt + 1 >= MaxAttempts)
        {
            foreach (var generation in batch)
            {
                LogFailed(logger, ex, generation.Id);
                // Only a generation still rendering fails: once posting has begun the result is the user's, and the
                // sweeper records it once this job has ended.
                if (await db.TryFailAsync(generation.Id, GenerationStatus.Running, RenderFailure.Describe(ex), time.GetUtcNow()))
                    await delivery.NotifyAsync(generation, $"Sorry, this one failed: {RenderFailure.UserReason(ex)} Your units were refunded.");
            }
            return BatchOutcome.Failed;
        }
        finally
        {
            foreach (var registration in registrations)
                registration.Dispose();
            foreach (var watch in watches)
                watch.Dispose();
            foreach (var cancel in cancels)
                cancel.Dispose();
        }
    }

    private async Task RenderAndPostAsync(List<Generation> batch, CancellationToken renderCancellation, CancellationToken cancellationToken)
    {
        await rendering.RecordSamplersAsync(batch, cancellationToken);
        var pending = await delivery.PrepareAsync(batch, cancellationToken);
        var started = time.GetTimestamp();
        var results = await rendering.RenderAsync(
            new RenderWork(batch, [.. pending.Select(p => (Action<GenerationProgress>)p.Progress.Report)]), renderCancellation);
        await delivery.PostAllAsync(pending, results, time.GetElapsedTime(started), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} started by job {JobId} (retry {Attempt}, batch of {BatchSize})")]
    private static partial void LogStarted(ILogger logger, long generationId, string jobId, int attempt, int batchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} interrupted by shutdown; it will resume")]
    private static partial void LogInterrupted(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {BatchSize} generations failed together; rendering each alone")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int batchSize);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation {GenerationId} failed permanently")]
    private static partial void LogFailed(ILogger logger, Exception exception, long generationId);
}
