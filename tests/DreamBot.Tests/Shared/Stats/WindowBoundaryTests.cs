using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;
using Npgsql;

namespace DreamBot.Tests.Shared.Stats;

/// <summary>
/// One generation on each side of every edge the reads split at: window starts (today, 7 and 30 days), the partial
/// hour after a window start, the last rolled-up hour, the user totals' range, and the open hour. Each has its own
/// user and a power-of-two image count, so a sum says exactly which generations were counted.
/// </summary>
public sealed class WindowBoundaryTests : IAsyncLifetime
{
    private const long Guild = 42;
    private static readonly DateTimeOffset Day = new(2026, 5, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RolledUpAt = Day.AddHours(12).AddMinutes(5);
    private static readonly DateTimeOffset Now = Day.AddHours(12).AddMinutes(30);
    private readonly PostgresDatabase _database = new();
    private readonly GenerationRows _rows = new(Guild);

    private static readonly DateTimeOffset[] Queued =
    [
        Now.AddDays(-30).AddMinutes(-20),    // 0: in the user totals (from 12:00 thirty days ago), not in the 30-day window
        Now.AddDays(-30),                    // 1: first instant of the 30-day window, in its partial first hour
        Now.AddDays(-30).AddMinutes(30),     // 2: first whole hour of the 30-day window
        Now.AddDays(-7).AddSeconds(-1),      // 3: just before the 7-day window
        Now.AddDays(-7),                     // 4: first instant of the 7-day window
        Day.AddSeconds(-1),                  // 5: yesterday
        Day,                                 // 6: first instant of today
        Day.AddHours(11),                    // 7: a rolled-up hour, finished before the rollup
        Day.AddHours(12).AddSeconds(-1),     // 8: end of the last rolled-up hour, finished after the rollup's settle time
        Day.AddHours(12),                    // 9: first instant of the open hour
        Now.AddMinutes(-1),                  // 10: the open hour
    ];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        db.Generations.AddRange(Queued.Select((queued, i) =>
            _rows.Row(user: i, queued, GenerationStatus.Succeeded, count: 1 << i, waitS: 1 + i, renderS: 2 + i, worker: $"gpu-{i % 2}", cost: 1 << i)));
        db.Generations.Add(_rows.Row(user: 20, Day.AddHours(3), GenerationStatus.Failed, count: 1, waitS: 1, renderS: 1, worker: "gpu-0", cost: 1, refunded: true));
        await db.SaveChangesAsync();
        await Rollups.RunAtAsync(_database, RolledUpAt);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Compute_CountsEachGenerationOnTheRightSideOfEveryEdge()
    {
        var stats = await ReadAsync(Now);

        Assert.Equal(Bits(6, 7, 8, 9, 10), stats.ImagesToday);
        Assert.Equal(Bits(4, 5, 6, 7, 8, 9, 10), stats.Images7Days);
        Assert.Equal(Bits(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), stats.Images30Days);
        Assert.Equal((8L, 11L), (stats.ActiveUsers7Days, stats.ActiveUsers30Days));
        Assert.Equal([10L, 9L, 8L, 7L, 6L], stats.TopUsers.Select(u => u.UserId));
        Assert.Equal(1.0 / 8, stats.FailureRate7Days, 12);
        StatsAssert.Matches(await DirectAsync(Now), stats);
    }

    [Theory]
    [InlineData(29)]   // generation 1 leaves the 30-day window, 4 the 7-day window
    [InlineData(31)]   // generation 2 leaves too: it is in a rolled-up hour and in the user totals
    [InlineData(95)]   // more than an hour after the last rollup
    public async Task Compute_StaysExact_AsWindowsSlideBeforeTheNextRollup(int minutesLater)
    {
        var now = Now.AddMinutes(minutesLater);

        StatsAssert.Matches(await DirectAsync(now), await ReadAsync(now));
    }

    private static long Bits(params int[] generations) => generations.Sum(i => 1L << i);

    private async Task<GenerationStats> ReadAsync(DateTimeOffset now)
    {
        await using var db = _database.CreateContext();
        return await StatsQueries.ComputeAsync(db, Guild, now, CancellationToken.None);
    }

    private async Task<GenerationStats> DirectAsync(DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return await new DirectStats(connection, Guild, now).ComputeAsync();
    }
}
