using DreamBot.Bot.Intake;
using DreamBot.Shared.Domain;

namespace DreamBot.Bench;

/// <summary>A queue that accepts at once, so the numbers measure the transport and dispatch, not a database.</summary>
public sealed class AcceptingQueue : IDreamQueue
{
    private int _position;

    public Task<DreamSubmission> SubmitAsync(DreamRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(DreamSubmission.Queued(Interlocked.Increment(ref _position)));
}
