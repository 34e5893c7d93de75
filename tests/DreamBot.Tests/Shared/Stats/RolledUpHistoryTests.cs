using DreamBot.Bot.Admin;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Maintenance;
using Npgsql;

namespace DreamBot.Tests.Shared.Stats;

/// <summary>Weeks of seeded history: what the rollups plus the newest rows give must be what the table says.</summary>
public sealed class RolledUpHistoryTests : IAsyncLifetime
{
    // Not on an hour: windows start and end inside hours. Seeded rows finish up to 70 s after Now, so some are unsettled.
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 34, 56, 789, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatsSeeder.SeedAsync(_database.ConnectionString, rows: 20_000, days: 40, Now, CancellationToken.None);
        await Rollups.RunAtAsync(_database, Now);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    public static TheoryData<long?, int> GuildsAndMinutesSinceTheRollup => new()
    {
        { StatsSeeder.FirstGuild, 0 }, { null, 0 },
        // The job has not run again: windows have slid past the rolled-up hours and the user totals.
        { StatsSeeder.FirstGuild, 50 }, { null, 50 }, { null, 200 },
    };

    [Theory]
    [MemberData(nameof(GuildsAndMinutesSinceTheRollup))]
    public async Task Compute_MatchesTheGenerationsTable(long? guild, int minutesSinceTheRollup)
    {
        var now = Now.AddMinutes(minutesSinceTheRollup);
        await using var db = _database.CreateContext();

        var read = await StatsQueries.ComputeAsync(db, guild, now, CancellationToken.None);

        StatsAssert.Matches(await DirectAsync(guild, now, direct => direct.ComputeAsync()), read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public async Task Dashboard_MatchesTheGenerationsTable(int minutesSinceTheRollup)
    {
        var now = Now.AddMinutes(minutesSinceTheRollup);
        await using var db = _database.CreateContext();

        var hourly = await DashboardQueries.HourlyAsync(db, now, TimeSpan.FromHours(48), CancellationToken.None);
        var guilds = await DashboardQueries.GuildsAsync(db, now, CancellationToken.None);

        StatsAssert.Matches(await DirectAsync(null, now, direct => direct.HourlyAsync(TimeSpan.FromHours(48))), hourly);
        StatsAssert.Matches(await DirectAsync(null, now, direct => direct.GuildsAsync()), guilds);
    }

    [Fact]
    public async Task Rollup_HoldsEveryClosedHour_SoOnlyTheNewestRowsAreReadFromTheTable()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT hours_until FROM dreambot.stats_rollup_state),
                   (SELECT sum(images) FROM dreambot.stats_hours),
                   (SELECT sum(count) FROM dreambot.generations
                    WHERE status = 'Succeeded' AND queued_at < @until AND finished_at <= @settled)
            """, connection);
        command.Parameters.AddWithValue("until", UtcHours.Floor(Now));
        command.Parameters.AddWithValue("settled", Now - StatsRollup.SettleMargin);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(UtcHours.Floor(Now), reader.GetFieldValue<DateTimeOffset>(0));
        Assert.Equal(reader.GetInt64(2), reader.GetInt64(1));
    }

    private async Task<T> DirectAsync<T>(long? guild, DateTimeOffset now, Func<DirectStats, Task<T>> read)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return await read(new DirectStats(connection, guild, now));
    }
}
