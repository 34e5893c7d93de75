using Hangfire;
using Hangfire.Server;

namespace DreamBot.Shared.Jobs;

/// <summary>
/// The contract between the Bot, which enqueues, and the Worker, which runs. Each job is a slot in the queue: when it
/// starts it claims the fairest queued generations (see FairQueue), so a burst from one user cannot starve others, and
/// it goes on claiming while requests remain (see DreamSlots). <paramref name="generationId"/> names the request the
/// slot was created for, for the record, and its model is the queue the slot serves. A slot that was interrupted
/// (worker killed, shut down, transient error) resumes the generations it had claimed when it runs again.
/// </summary>
public interface IDreamJob
{
    // Retries are decided by the job itself (it knows transient from permanent failures); this bounds them.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 20, 60], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    Task RunAsync(long generationId, PerformContext? context, CancellationToken cancellationToken);
}
