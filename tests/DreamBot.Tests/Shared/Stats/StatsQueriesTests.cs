using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Stats;

public sealed class StatsQueriesTests : IAsyncLifetime
{
    private const long Guild = 42;
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();
    private long _interaction;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        db.Generations.AddRange(
            Row(user: 1, Now.AddHours(-1), GenerationStatus.Succeeded, count: 2, waitS: 10, renderS: 4, worker: "gpu-a", cost: 2),
            Row(user: 1, Now.AddDays(-2), GenerationStatus.Succeeded, count: 1, waitS: 20, renderS: 6, worker: "gpu-a", cost: 1),
            Row(user: 2, Now.AddDays(-3), GenerationStatus.Succeeded, count: 4, waitS: 30, renderS: 8, worker: "gpu-b", cost: 4),
            Row(user: 2, Now.AddDays(-4), GenerationStatus.Failed, count: 1, waitS: 5, renderS: 1, worker: "gpu-b", cost: 1, refunded: true),
            Row(user: 3, Now.AddDays(-20), GenerationStatus.Succeeded, count: 3, waitS: 1, renderS: 1, worker: "gpu-a", cost: 3),
            Row(user: 4, Now.AddDays(-40), GenerationStatus.Succeeded, count: 9, waitS: 1, renderS: 1, worker: "gpu-a", cost: 9),
            Row(user: 5, Now.AddMinutes(-1), GenerationStatus.Queued, count: 1, waitS: null, renderS: null, worker: null, cost: 1),
            Row(user: 6, Now.AddHours(-1), GenerationStatus.Succeeded, count: 7, waitS: 1, renderS: 1, worker: "gpu-z", cost: 7, guild: 43));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Compute_CountsImagesUsersQueueAndPercentiles_ForOneGuild()
    {
        await using var db = _database.CreateContext();

        var stats = await StatsQueries.ComputeAsync(db, Guild, Now, CancellationToken.None);

        Assert.Equal((2L, 7L, 10L), (stats.ImagesToday, stats.Images7Days, stats.Images30Days));
        Assert.Equal((3L, 4L), (stats.ActiveUsers7Days, stats.ActiveUsers30Days));
        Assert.Equal((1L, 0L), (stats.Queued, stats.Running));
        // Succeeded in 7 days: waits 10, 20, 30 and renders 4, 6, 8 seconds.
        Assert.Equal(20, stats.Timings.WaitP50Seconds!.Value, 3);
        Assert.Equal(29, stats.Timings.WaitP95Seconds!.Value, 3);
        Assert.Equal(6, stats.Timings.RenderP50Seconds!.Value, 3);
        Assert.Equal(0.25, stats.FailureRate7Days, 6);
        // Refunded work is free: user 2's failed request does not count; user 5's queued one does.
        Assert.Equal([(2L, 4.0), (1L, 3.0), (3L, 3.0), (5L, 1.0)], stats.TopUsers.OrderByDescending(u => u.Units).ThenBy(u => u.UserId).Select(u => (u.UserId, u.Units)));
        Assert.Equal("user2", stats.TopUsers[0].UserName);
        Assert.Equal([("gpu-b", 4L), ("gpu-a", 3L)], stats.Workers.Select(w => (w.Worker, w.Images)));
    }

    [Fact]
    public async Task Compute_CoversEveryGuild_WhenNoGuildIsGiven()
    {
        await using var db = _database.CreateContext();

        var stats = await StatsQueries.ComputeAsync(db, null, Now, CancellationToken.None);

        Assert.Equal((9L, 14L), (stats.ImagesToday, stats.Images7Days));
        Assert.Contains(stats.Workers, w => w.Worker == "gpu-z");
    }

    private Generation Row(long user, DateTimeOffset queued, GenerationStatus status, int count, int? waitS, int? renderS, string? worker,
        double cost, bool refunded = false, long guild = Guild) => new()
    {
        UserId = user, UserName = $"user{user}", GuildId = guild, QueuedAt = queued, Status = status, Count = count,
        StartedAt = waitS is { } w ? queued.AddSeconds(w) : null,
        FinishedAt = waitS is { } w2 && renderS is { } r ? queued.AddSeconds(w2 + r) : null,
        Worker = worker, CostUnits = cost, Refunded = refunded, InteractionId = ++_interaction,
        Steps = 30, Width = 512, Height = 512,
    };
}
