using DreamBot.Shared.Configuration;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace DreamBot.Shared.Jobs;

public static class DreamJobQueue
{
    /// <summary>Enqueues the generation's job on the workers' queue and returns the Hangfire job id.</summary>
    public static string EnqueueDream(this IBackgroundJobClient client, long generationId) =>
        client.Create(
            Job.FromExpression<IDreamJob>(job => job.RunAsync(generationId, null, CancellationToken.None)),
            new EnqueuedState(QueueOptions.DreamQueue));
}
