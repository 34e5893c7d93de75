using DreamBot.Worker.Maintenance;
using Hangfire;

namespace DreamBot.Worker.Hosting;

/// <summary>
/// Registers the maintenance jobs every worker can run; registering again is harmless. They live with the workers
/// because only workers run a Hangfire server; Hangfire runs each recurring job once per tick, on whichever is free.
/// </summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<QueueSweeper>(QueueSweeper.RecurringJobId, WorkerServices.MaintenanceQueue,
            sweeper => sweeper.RunAsync(CancellationToken.None), Cron.Minutely());
        // Stats read whatever the rollups do not hold yet from the generations table, so this schedule bounds how
        // much that is (the current hour and about ten minutes of finishes), not how fresh the numbers are.
        recurring.AddOrUpdate<StatsRollup>(StatsRollup.RecurringJobId, WorkerServices.MaintenanceQueue,
            rollup => rollup.RunAsync(CancellationToken.None), "*/5 * * * *");
        // Deleted results lose their archived images within five minutes.
        recurring.AddOrUpdate<ArchiveSweeper>(ArchiveSweeper.RecurringJobId, WorkerServices.MaintenanceQueue,
            sweeper => sweeper.RunAsync(CancellationToken.None), "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
