using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Waiting;

/// <summary>
/// Estimates how long a request at a queue position waits, from recent render times and live workers. Both are read
/// at most once per <see cref="Refresh"/>, so a burst of replies costs the database nothing more.
/// </summary>
public sealed class WaitEstimator(JobStorage storage, TimeProvider time)
{
    private const int Sample = 20;
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private sealed record Throughput(double? SecondsPerRender, int Workers, DateTimeOffset ReadAt);

    private Throughput? _last;

    public async Task<TimeSpan?> EstimateAsync(DreamBotDb db, int position, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var throughput = _last is { } last && now - last.ReadAt < Refresh ? last : _last = await ReadAsync(db, now, cancellationToken);
        // Everything ahead, plus this one, shared across the workers serving the queue.
        return throughput.SecondsPerRender is { } seconds ? TimeSpan.FromSeconds(seconds * position / throughput.Workers) : null;
    }

    private async Task<Throughput> ReadAsync(DreamBotDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recent = await db.Generations.AsNoTracking()
            .Where(g => g.Status == GenerationStatus.Succeeded && g.StartedAt != null && g.FinishedAt != null)
            .OrderByDescending(g => g.FinishedAt)
            .Take(Sample)
            .Select(g => new { g.StartedAt, g.FinishedAt })
            .ToListAsync(cancellationToken);
        double? average = recent.Count == 0 ? null : recent.Average(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds);
        return new Throughput(average, average is null ? 1 : Math.Max(1, LiveWorkers()), now);
    }

    private int LiveWorkers() =>
        storage.GetMonitoringApi().Servers()
            .Where(s => s.Queues.Contains(QueueOptions.DreamQueue))
            .Sum(s => s.WorkersCount);
}
