using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace DreamBot.Shared.Jobs;

public static class DreamJobQueue
{
    /// <summary>Enqueues a job slot on the queue of <paramref name="model"/> ("" for any) and returns the Hangfire job id.</summary>
    public static string EnqueueDream(this IBackgroundJobClient client, long generationId, string model) =>
        client.Create(
            Job.FromExpression<IDreamJob>(job => job.RunAsync(generationId, null, CancellationToken.None)),
            new EnqueuedState(ModelRoute.QueueFor(model)));
}
