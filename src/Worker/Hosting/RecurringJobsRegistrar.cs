using DreamBot.Shared.Queue;
using Hangfire;

namespace DreamBot.Worker.Hosting;

/// <summary>Registers the maintenance jobs every worker can run; registering again is harmless.</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<QueueSweeper>(QueueSweeper.RecurringJobId, WorkerServices.MaintenanceQueue,
            sweeper => sweeper.RunAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
