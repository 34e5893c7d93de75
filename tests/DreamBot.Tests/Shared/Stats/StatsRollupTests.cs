using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Tests.Shared.Stats;

public sealed class StatsRollupTests : IAsyncLifetime
{
    private const long Guild = 42;
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 10, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();
    private readonly GenerationRows _rows = new(Guild);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Rollup_CountsAGeneration_ThatFinishesLongAfterItsHourWasRolledUp()
    {
        // Queued two days ago and still rendering: far older than any "re-roll the last few hours" window.
        var late = _rows.Row(user: 1, Now.AddDays(-2), GenerationStatus.Running, count: 3, waitS: 60, renderS: null, worker: "gpu-a", cost: 3);
        await AddAsync(late, _rows.Row(user: 2, Now.AddDays(-2).AddMinutes(5), GenerationStatus.Succeeded, count: 1, waitS: 1, renderS: 2, worker: "gpu-a", cost: 1));
        await Rollups.RunAtAsync(_database, Now);
        Assert.Equal(1, (await ReadAsync(Now)).Images7Days);

        await using (var db = _database.CreateContext())
            await db.Generations.Where(g => g.Id == late.Id).ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Succeeded).SetProperty(g => g.FinishedAt, Now.AddMinutes(1)));

        // Before the job runs again the finished row is read from the table; after, from the re-rolled hour.
        Assert.Equal(4, (await ReadAsync(Now.AddMinutes(2))).Images7Days);
        await Rollups.RunAtAsync(_database, Now.AddMinutes(10));
        Assert.Equal(4, await ScalarAsync<long>($"SELECT sum(images)::bigint FROM dreambot.stats_guild_hours WHERE hour = '{UtcHours.Floor(late.QueuedAt):O}'"));
        Assert.Equal(4, (await ReadAsync(Now.AddMinutes(10))).Images7Days);
    }

    [Fact]
    public async Task Rollup_LeavesTheSameRollups_WhenRunAgainOrRebuiltFromNothing()
    {
        await StatsSeeder.SeedAsync(_database.ConnectionString, rows: 5_000, days: 35, Now, CancellationToken.None);
        await Rollups.RunAtAsync(_database, Now);
        await Rollups.RunAtAsync(_database, Now.AddHours(2));
        var incremental = await RollupsAsync();

        await Rollups.RunAtAsync(_database, Now.AddHours(2));
        Assert.Equal(incremental, await RollupsAsync());

        // Forgetting how far it got makes the job roll up every hour again, replacing (not adding to) what is there.
        await ScalarAsync<int>("WITH d AS (DELETE FROM dreambot.stats_rollup_state RETURNING 1) SELECT count(*)::int FROM d");
        await Rollups.RunAtAsync(_database, Now.AddHours(2));
        Assert.Equal(incremental, await RollupsAsync());
        Assert.Contains(incremental, row => row.Contains("\"images\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollup_CatchesUpOnEveryHour_AfterDowntime()
    {
        // Eight days of history, of which the last three happen while no worker runs the job.
        var later = Now.AddDays(3);
        await StatsSeeder.SeedAsync(_database.ConnectionString, rows: 4_000, days: 8, later, CancellationToken.None);
        await Rollups.RunAtAsync(_database, Now);

        await Rollups.RunAtAsync(_database, later);

        Assert.Equal(3 * 24, await ScalarAsync<long>(
            $"SELECT count(DISTINCT hour) FROM dreambot.stats_hours WHERE hour >= '{UtcHours.Floor(Now):O}' AND hour < '{UtcHours.Floor(later):O}'"));
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        StatsAssert.Matches(await new DirectStats(connection, null, later).ComputeAsync(), await ReadAsync(later, guild: null));
    }

    private async Task AddAsync(params Generation[] generations)
    {
        await using var db = _database.CreateContext();
        db.Generations.AddRange(generations);
        await db.SaveChangesAsync();
    }

    private async Task<GenerationStats> ReadAsync(DateTimeOffset now, long? guild = Guild)
    {
        await using var db = _database.CreateContext();
        return await StatsQueries.ComputeAsync(db, guild, now, CancellationToken.None);
    }

    private async Task<List<string>> RollupsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'hour ' || (to_jsonb(h) - 'id')::text FROM dreambot.stats_hours h
            UNION ALL SELECT 'guild hour ' || (to_jsonb(g) - 'id')::text FROM dreambot.stats_guild_hours g
            UNION ALL SELECT 'user ' || (to_jsonb(u) - 'id')::text FROM dreambot.stats_user_windows u
            UNION ALL SELECT 'state ' || to_jsonb(s)::text FROM dreambot.stats_rollup_state s
            ORDER BY 1
            """, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
