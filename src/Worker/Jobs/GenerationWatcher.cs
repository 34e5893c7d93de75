using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// Stops a running generation at its next step once a user or moderator has cancelled it (the Bot marks the row
/// Cancelled; this polls the row, cheaply, by primary key).
/// </summary>
public sealed partial class GenerationWatcher(IDbContextFactory<DreamBotDb> contexts, TimeProvider time, ILogger<GenerationWatcher> logger)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public IDisposable CancelWhenCancelled(long generationId, CancellationTokenSource running)
    {
        var stop = new CancellationTokenSource();
        _ = WatchAsync(generationId, running, stop.Token);
        return new Stopper(stop);
    }

    private async Task WatchAsync(long generationId, CancellationTokenSource running, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (await IsCancelledAsync(generationId, stop))
                {
                    await running.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The generation finished; nothing left to watch.
        }
    }

    private async Task<bool> IsCancelledAsync(long generationId, CancellationToken stop)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(stop);
            return await db.Generations.AnyAsync(g => g.Id == generationId && g.Status == GenerationStatus.Cancelled, stop);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // A database hiccup must not stop the render; the next poll tries again.
            LogPollFailed(logger, ex, generationId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not check whether generation {GenerationId} was cancelled")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, long generationId);

    private sealed class Stopper(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
