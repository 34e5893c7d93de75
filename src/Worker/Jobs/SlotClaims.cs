using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Jobs;

/// <summary>What a slot takes on: the generations it held when it was interrupted, or the fairest batch queued now.</summary>
public sealed class SlotClaims(DreamBotDb db, IImageRenderer renderer, WorkerIdentity worker, IOptions<QueueOptions> queue, TimeProvider time)
{
    /// <summary>The generations this job had claimed when it was interrupted, unless their results are out.</summary>
    public async Task<List<Generation>> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        var resumed = await db.Generations
            .Where(g => g.JobId == jobId && (g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting))
            .OrderBy(g => g.Id)
            .ToListAsync(cancellationToken);
        if (resumed.Count == 0)
            return resumed;
        // Another worker claimed them and died or stopped; the record names the worker that finishes them.
        foreach (var generation in resumed)
            generation.Worker = worker.Name;
        await db.SaveChangesAsync(cancellationToken);
        var unfinished = new List<Generation>();
        foreach (var generation in resumed)
        {
            // A result that is out lost only its final save.
            if (generation is { Status: GenerationStatus.Posting, ResultMessageId: not null })
                await db.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
            else
                unfinished.Add(generation);
        }
        return unfinished;
    }

    /// <summary>The fairest batch for <paramref name="model"/> (one request where the model renders no batches), and whether more wait.</summary>
    public async Task<(List<Generation> Claimed, bool MoreWaiting)> ClaimAsync(string model, string jobId, CancellationToken cancellationToken)
    {
        var maxBatch = renderer.Batches(model) ? queue.Value.MaxBatch : 1;
        var claim = await db.ClaimBatchAsync(model, worker.Name, jobId, time, maxBatch, cancellationToken);
        var claimed = await db.Generations.Where(g => claim.Ids.Contains(g.Id)).OrderBy(g => g.Id).ToListAsync(cancellationToken);
        return (claimed, claim.MoreWaiting);
    }
}
