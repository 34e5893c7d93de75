namespace DreamBot.Shared.Jobs;

/// <summary>
/// The contract between the Bot, which enqueues, and the Worker, which runs. Hangfire stores only the
/// generation id; everything else is read from the database when the job runs, so a retried job sees current state.
/// </summary>
public interface IDreamJob
{
    Task RunAsync(long generationId, CancellationToken cancellationToken);
}
