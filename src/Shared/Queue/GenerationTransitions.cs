using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Shared.Queue;

/// <summary>
/// Every change of a generation's state after it was recorded, each a single guarded update that says whether it won.
/// Workers, the sweeper and cancellations race for the same rows; only the winner acts (posts, refunds, tells the user).
/// Queued -> Running is <see cref="FairQueue.ClaimBatchAsync"/>.
/// </summary>
public static class GenerationTransitions
{
    /// <summary>
    /// Released to the Workers: a recorded request whose reply is out may now be claimed. True for the one release that
    /// wins, which is the one that enqueues its job slot.
    /// </summary>
    public static async Task<bool> TryReleaseAsync(this DreamBotDb db, long generationId, CancellationToken cancellationToken) =>
        await db.Generations
            .Where(g => g.Id == generationId && g.AwaitingAcknowledgement)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.AwaitingAcknowledgement, false), cancellationToken) == 1;

    /// <summary>Releases every request recorded before <paramref name="before"/> and never released (the Bot stopped in between).</summary>
    public static Task<int> ReleaseRecordedBeforeAsync(this DreamBotDb db, DateTimeOffset before, CancellationToken cancellationToken) =>
        db.Generations
            .Where(g => g.AwaitingAcknowledgement && g.QueuedAt < before)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.AwaitingAcknowledgement, false), cancellationToken);

    /// <summary>
    /// Running -> Posting: the right to post the result, which is made now, so its dataset consent is recorded as it
    /// stands now. A cancellation that got there first wins instead.
    /// </summary>
    public static async Task<bool> TryStartPostingAsync(this DreamBotDb db, long generationId, CancellationToken cancellationToken) =>
        await db.Generations
            .Where(g => g.Id == generationId && g.Status == GenerationStatus.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Posting)
                .SetProperty(g => g.DatasetConsent, DatasetEligibility.ConsentWhenMade(db)), cancellationToken) == 1;

    /// <summary>Posting -> Succeeded. Not cancellable: the result is out, so the outcome must be recorded.</summary>
    public static async Task<bool> TrySucceedAsync(this DreamBotDb db, long generationId, int flaggedImages, DateTimeOffset now) =>
        await db.Generations
            .Where(g => g.Id == generationId && g.Status == GenerationStatus.Posting)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Succeeded)
                .SetProperty(g => g.FlaggedImages, flaggedImages)
                .SetProperty(g => g.FinishedAt, now)
                .SetProperty(g => g.Error, (string?)null), CancellationToken.None) == 1;

    /// <summary>
    /// <paramref name="from"/> -> Failed with the units refunded. The refund happens only here and in
    /// <see cref="TryCancelAsync"/>, each guarded by <c>Refunded = false</c>, so it happens once.
    /// </summary>
    public static async Task<bool> TryFailAsync(this DreamBotDb db, long generationId, GenerationStatus from, string error, DateTimeOffset now) =>
        await db.Generations
            .Where(g => g.Id == generationId && g.Status == from && !g.Refunded)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Failed)
                .SetProperty(g => g.FinishedAt, now)
                .SetProperty(g => g.Refunded, true)
                .SetProperty(g => g.Error, error), CancellationToken.None) == 1;

    /// <summary>Queued or Running -> Cancelled with the units refunded; a running job sees it and stops without posting.</summary>
    public static async Task<bool> TryCancelAsync(this DreamBotDb db, long generationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Generations
            .Where(g => g.Id == generationId && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running) && !g.Refunded)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Cancelled)
                .SetProperty(g => g.FinishedAt, now)
                .SetProperty(g => g.Refunded, true), cancellationToken) == 1;

    /// <summary>Records the posted message whatever the shutdown state: a lost record means posting again.</summary>
    public static Task RecordPostedAsync(this DreamBotDb db, long generationId, long messageId) =>
        db.Generations.Where(g => g.Id == generationId)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.ResultMessageId, messageId), CancellationToken.None);
}
