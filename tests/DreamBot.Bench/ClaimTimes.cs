using System.Diagnostics;
using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bench;

/// <summary>How long a Worker's claim of the fairest queued requests takes with the queue as deep as it is now.</summary>
/// <param name="Medians">Median milliseconds per claim, by batch size.</param>
public sealed record ClaimTimes(int Backlog, int QueuedAtClaim, string Model, IReadOnlyDictionary<int, double> Medians, IReadOnlyDictionary<int, double> Maxima)
{
    public static readonly int[] Batches = [1, 4];

    /// <summary>Times <paramref name="repeats"/> claims per batch size after one untimed claim; each claim moves rows to Running.</summary>
    public static async Task<ClaimTimes> MeasureAsync(string connectionString, int backlog, int repeats)
    {
        var rows = new IntakeRows(connectionString);
        var queued = await rows.QueuedAsync();
        var model = await rows.CommonestQueuedModelAsync();
        var options = QueueBenchDatabase.ContextOptions(connectionString);
        await ClaimAsync(options, model, 1);
        var medians = new Dictionary<int, double>();
        var maxima = new Dictionary<int, double>();
        foreach (var batch in Batches)
        {
            var times = new List<double>(repeats);
            // A claim that found nothing queued measured an empty queue, not this one.
            for (var i = 0; i < repeats; i++)
                if (await ClaimAsync(options, model, batch) is { } ms)
                    times.Add(ms);
            times.Sort();
            medians[batch] = times.Count == 0 ? double.NaN : times[times.Count / 2];
            maxima[batch] = times.Count == 0 ? double.NaN : times[^1];
        }
        return new ClaimTimes(backlog, queued, model, medians, maxima);
    }

    /// <summary>Claims everything queued (some of it may still await its acknowledgement), within <paramref name="timeout"/>.</summary>
    public static async Task ClaimAllAsync(string connectionString, TimeSpan timeout)
    {
        var rows = new IntakeRows(connectionString);
        var options = QueueBenchDatabase.ContextOptions(connectionString);
        var deadline = DateTime.UtcNow + timeout;
        while (await rows.QueuedAsync() > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Queued requests were left unclaimed after {timeout}.");
            if (await ClaimAsync(options, await rows.CommonestQueuedModelAsync(), 8) is null)
                await Task.Delay(100);
        }
    }

    /// <summary>One claim as a Worker's job makes it, on a context of its own; milliseconds, or null when it claimed nothing.</summary>
    private static async Task<double?> ClaimAsync(DbContextOptions<DreamBotDb> options, string model, int batch)
    {
        await using var db = new DreamBotDb(options);
        var started = Stopwatch.GetTimestamp();
        var claimed = await db.ClaimBatchAsync(model, "intake-bench", Guid.NewGuid().ToString("N"), TimeProvider.System, batch, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return claimed.Ids.Count > 0 ? elapsed : null;
    }

    public static void Print(IEnumerable<ClaimTimes> rows, int repeats)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Worker claim (FairQueue.ClaimBatchAsync), median and max of {repeats} claims per batch size, after the bursts"));
        Console.WriteLine("| backlog | queued at claim | model | " + string.Join(" | ", Batches.Select(b => $"batch {b}: median / max ms")) + " |");
        Console.WriteLine("|--------:|----------------:|-------|" + string.Concat(Batches.Select(_ => "---------------------:|")));
        foreach (var r in rows)
        {
            var cells = Batches.Select(b => string.Create(CultureInfo.InvariantCulture, $"{r.Medians[b]:0.0} / {r.Maxima[b]:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Backlog:N0} | {r.QueuedAtClaim:N0} | {(r.Model.Length == 0 ? "(shared)" : r.Model)} | {string.Join(" | ", cells)} |"));
        }
    }
}
