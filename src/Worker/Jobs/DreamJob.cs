using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// One queue slot: resume the generations this job had claimed, or claim the fairest queued one, with the next
/// fairest that render in one batch with it (up to <see cref="QueueOptions.MaxBatch"/>); run the batch
/// (<see cref="BatchRun"/>); and claim again while requests remain (see <see cref="DreamSlots"/>). Every status
/// change is a guarded transition (<see cref="GenerationTransitions"/>) and only its winner acts: a generation that
/// loses Running -> Posting to a cancellation posts nothing; a retried job never posts twice.
/// </summary>
public sealed class DreamJob(DreamBotDb db, SlotClaims claims, BatchRun batches, DreamSlots slots) : IDreamJob
{
    /// <summary>
    /// How many batches one slot claims in a row before it ends and leaves the rest to the slot waiting behind it, so a
    /// long backlog is served by a succession of jobs whose scopes (the database context) and Hangfire records stay small.
    /// </summary>
    private const int MaxBatchesPerSlot = 64;

    public async Task RunAsync(long generationId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? $"direct-{generationId}";
        var attempt = context?.GetJobParameter<int>("RetryCount") ?? 0;
        // The slot serves the queue of the model its generation asked for, and claims only that model's requests.
        var model = await db.Generations.Where(g => g.Id == generationId).Select(g => g.Parameters.Model).SingleOrDefaultAsync(cancellationToken) ?? "";
        // While this job waited to run again, requests released meanwhile counted on it as the waiting slot: after
        // finishing what it held it claims, or makes sure another slot waits.
        if (await claims.ResumeAsync(jobId, cancellationToken) is { Count: > 0 } resumed
            && await batches.RunAsync(resumed, jobId, attempt, cancellationToken) != BatchOutcome.Finished)
        {
            await slots.EnsureWaitingAsync(generationId, model, cancellationToken);
            return;
        }
        // A retried job claims one batch and leaves the rest to fresh slots, which get every retry again.
        for (var batch = 0; batch < MaxBatchesPerSlot && !cancellationToken.IsCancellationRequested; batch++)
        {
            var (claimed, moreWaiting) = await claims.ClaimAsync(model, jobId, cancellationToken);
            if (claimed.Count == 0)
                return;
            if (moreWaiting)
                await slots.EnsureWaitingAsync(generationId, model, cancellationToken);
            if (await batches.RunAsync(claimed, jobId, attempt, cancellationToken) != BatchOutcome.Finished || attempt > 0)
                return;
            db.ChangeTracker.Clear();
        }
    }
}
