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

    /// <summary>Watches until the returned handle is disposed, which ends the watch without an exception.</summary>
    public IDisposable CancelWhenCancelled(long generationId, CancellationTokenSource running)
    {
        var timer = new PeriodicTimer(PollInterval, time);
        _ = WatchAsync(generationId, running, timer);
        return timer;
    }

    private async Task WatchAsync(long generationId, CancellationTokenSource running, PeriodicTimer timer)
    {
        // False once the timer is disposed: the generation finished, and there is nothing left to watch.
        while (await timer.WaitForNextTickAsync())
        {
            if (await IsCancelledAsync(generationId))
            {
                try
                {
                    await running.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The generation finished while the last poll was out.
                }
                return;
            }
        }
    }

    private async Task<bool> IsCancelledAsync(long generationId)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            return await db.Generations.AnyAsync(g => g.Id == generationId && g.Status == GenerationStatus.Cancelled);
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
}
