using System.Diagnostics;

namespace DreamBot.Bench;

/// <summary>Open-loop load: operations start on schedule whether or not earlier ones have finished, as Discord sends.</summary>
public static class OpenLoop
{
    /// <summary>Starts one operation every 1/rate seconds for the duration, then waits for all of them; returns how many started.</summary>
    public static async Task<int> PaceAsync(int rate, TimeSpan duration, Func<Task> operation)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var inflight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            inflight.Add(Task.Run(operation));
        }
        await Task.WhenAll(inflight);
        return total;
    }
}
