using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Stats;

public sealed class StatsQueriesTests : IAsyncLifetime
{
    private const long Guild = 42;
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();
    private readonly GenerationRows _rows = new(Guild);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        db.Generations.AddRange(
            _rows.Row(user: 1, Now.AddHours(-1), GenerationStatus.Succeeded, count: 2, waitS: 10, renderS: 4, worker: "gpu-a", cost: 2),
            _rows.Row(user: 1, Now.AddDays(-2), GenerationStatus.Succeeded, count: 1, waitS: 20, renderS: 6, worker: "gpu-a", cost: 1),
            _rows.Row(user: 2, Now.AddDays(-3), GenerationStatus.Succeeded, count: 4, waitS: 30, renderS: 8, worker: "gpu-b", cost: 4),
            _rows.Row(user: 2, Now.AddDays(-4), GenerationStatus.Failed, count: 1, waitS: 5, renderS: 1, worker: "gpu-b", cost: 1, refunded: true),
            _rows.Row(user: 3, Now.AddDays(-20), GenerationStatus.Succeeded, count: 3, waitS: 1, renderS: 1, worker: "gpu-a", cost: 3),
            _rows.Row(user: 4, Now.AddDays(-40), GenerationStatus.Succeeded, count: 9, waitS: 1, renderS: 1, worker: "gpu-a", cost: 9),
            _rows.Row(user: 5, Now.AddMinutes(-1), GenerationStatus.Queued, count: 1, waitS: null, renderS: null, worker: null, cost: 1),
            _rows.Row(user: 6, Now.AddHours(-1), GenerationStatus.Succeeded, count: 7, waitS: 1, renderS: 1, worker: "gpu-z", cost: 7, guild: 43));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Compute_CountsImagesUsersQueueAndPercentiles_ForOneGuild(bool rolledUp)
    {
        var stats = await ComputeAsync(Guild, rolledUp);

        Assert.Equal((2L, 7L, 10L), (stats.ImagesToday, stats.Images7Days, stats.Images30Days));
        Assert.Equal((3L, 4L), (stats.ActiveUsers7Days, stats.ActiveUsers30Days));
        Assert.Equal((1L, 0L), (stats.Queued, stats.Running));
        // Succeeded in 7 days: waits 10, 20, 30 and renders 4, 6, 8 seconds.
        StatsAssert.Near(20, stats.Timings.WaitP50Seconds);
        StatsAssert.Near(29, stats.Timings.WaitP95Seconds);
        StatsAssert.Near(6, stats.Timings.RenderP50Seconds);
        Assert.Equal(0.25, stats.FailureRate7Days, 6);
        // Refunded work is free: user 2's failed request does not count; user 5's queued one does.
        Assert.Equal([(2L, 4.0), (1L, 3.0), (3L, 3.0), (5L, 1.0)], stats.TopUsers.OrderByDescending(u => u.Units).ThenBy(u => u.UserId).Select(u => (u.UserId, u.Units)));
        Assert.Equal("user2", stats.TopUsers[0].UserName);
        Assert.Equal([("gpu-b", 4L), ("gpu-a", 3L)], stats.Workers.Select(w => (w.Worker, w.Images)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Compute_CoversEveryGuild_WhenNoGuildIsGiven(bool rolledUp)
    {
        var stats = await ComputeAsync(null, rolledUp);

        Assert.Equal((9L, 14L), (stats.ImagesToday, stats.Images7Days));
        Assert.Contains(stats.Workers, w => w.Worker == "gpu-z");
    }

    /// <summary>Straight from the table, or (rolled up at Now, on the hour) almost all from the rollups.</summary>
    private async Task<GenerationStats> ComputeAsync(long? guild, bool rolledUp)
    {
        if (rolledUp)
            await Rollups.RunAtAsync(_database, Now);
        await using var db = _database.CreateContext();
        return await StatsQueries.ComputeAsync(db, guild, Now, CancellationToken.None);
    }
}
