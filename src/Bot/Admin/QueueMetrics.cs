using System.Diagnostics.Metrics;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Admin;

/// <summary>
/// Queue metrics for Prometheus. Gauges read a snapshot that a background loop refreshes every few seconds, so a
/// scrape never queries the database; the wait and render histograms record each generation once, when it finishes.
/// </summary>
public sealed partial class QueueMetrics : BackgroundService
{
    public const string MeterName = "DreamBot";
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private readonly IDbContextFactory<DreamBotDb> _contexts;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueMetrics> _logger;
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _render;
    private volatile Snapshot _snapshot = new(0, [], 0);
    private DateTimeOffset _finishedSince;

    public QueueMetrics(IMeterFactory meters, IDbContextFactory<DreamBotDb> contexts, TimeProvider time, ILogger<QueueMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _contexts = contexts;
        _time = time;
        _logger = logger;
        _finishedSince = time.GetUtcNow();
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("dreambot.queue.length", () => _snapshot.Queued, "{generation}", "Generations waiting for a worker");
        meter.CreateObservableGauge("dreambot.jobs", () => _snapshot.ByStatus, "{generation}", "Generations queued in the last 24 hours, by status");
        meter.CreateObservableGauge("dreambot.gpu.workers", () => _snapshot.Workers, "{worker}", "Workers that rendered in the last 5 minutes");
        _wait = meter.CreateHistogram<double>("dreambot.queue.wait", "s", "Time from /dream to the start of rendering");
        _render = meter.CreateHistogram<double>("dreambot.render.duration", "s", "Time spent rendering");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, _time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogRefreshFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var byStatus = await db.Generations.AsNoTracking().Where(g => g.QueuedAt >= dayAgo)
            .GroupBy(g => g.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var queued = await db.Generations.LongCountAsync(g => g.Status == GenerationStatus.Queued, cancellationToken);
        var recent = now.AddMinutes(-5);
        var workers = await db.Generations.AsNoTracking()
            .Where(g => g.Worker != null && (g.Status == GenerationStatus.Running || (g.FinishedAt != null && g.FinishedAt >= recent && g.QueuedAt >= dayAgo)))
            .Select(g => g.Worker).Distinct().CountAsync(cancellationToken);
        var since = _finishedSince;
        var finished = await db.Generations.AsNoTracking()
            .Where(g => g.QueuedAt >= dayAgo && g.Status == GenerationStatus.Succeeded && g.FinishedAt > since && g.FinishedAt <= now && g.StartedAt != null)
            .Select(g => new { g.QueuedAt, StartedAt = g.StartedAt!.Value, FinishedAt = g.FinishedAt!.Value })
            .ToListAsync(cancellationToken);
        foreach (var g in finished)
        {
            _wait.Record((g.StartedAt - g.QueuedAt).TotalSeconds);
            _render.Record((g.FinishedAt - g.StartedAt).TotalSeconds);
        }
        _finishedSince = now;
        _snapshot = new Snapshot(queued,
            [.. byStatus.Select(s => new Measurement<long>(s.Count, new KeyValuePair<string, object?>("status", s.Key.ToString().ToLowerInvariant())))],
            workers);
    }

    private sealed record Snapshot(long Queued, IReadOnlyList<Measurement<long>> ByStatus, int Workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh queue metrics; the previous values are kept")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
