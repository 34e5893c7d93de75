using System.Diagnostics;
using System.Globalization;
using DreamBot.Bot.Admin;
using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using DreamBot.Shared.Stats;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Worker.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DreamBot.Bench;

/// <summary>
/// Seeds a scratch database with generation rows, rolls them up as the recurring job would (timed), and times each
/// statistics query, for one guild and for all, then the job's later runs. Needs ConnectionStrings__Postgres; the
/// scratch database is dropped afterwards.
/// </summary>
public static class StatsBenchmark
{
    private const int Days = 90;

    public static async Task<int> RunAsync(int rows, int repeats)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set.");
        var name = $"dreambot_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            var options = new DbContextOptionsBuilder<DreamBotDb>();
            DreamBotDefaults.ConfigureDatabase(options, connectionString);
            await using var db = new DreamBotDb(options.Options);
            await db.Database.MigrateAsync();

            var now = DateTimeOffset.UtcNow;
            var seeding = Stopwatch.StartNew();
            await StatsSeeder.SeedAsync(connectionString, rows, Days, now, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {rows:N0} rows in {seeding.Elapsed.TotalSeconds:0.0} s"));
            var first = await RollUpAsync(db, now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rolled up {rows:N0} rows ({Days} days) in {first.TotalSeconds:0.0} s"));

            await db.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            Console.WriteLine("| query | one guild (median ms) | all guilds (median ms) |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var (query, run) in Queries(connection, now))
            {
                var guild = await MedianAsync(() => run(StatsSeeder.FirstGuild), repeats);
                var all = await MedianAsync(() => run(null), repeats);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {query} | {guild:0.0} | {all:0.0} |"));
            }
            var hourly = await MedianAsync(() => DashboardQueries.HourlyAsync(db, now, TimeSpan.FromHours(48), CancellationToken.None), repeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| dashboard: images and timings per hour (48 h) | – | {hourly:0.0} |"));
            var guilds = await MedianAsync(() => DashboardQueries.GuildsAsync(db, now, CancellationToken.None), repeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| dashboard: top guilds (30 days) | – | {guilds:0.0} |"));

            var fiveMinutesLater = await RollUpAsync(db, now.AddMinutes(5));
            var nextHour = await RollUpAsync(db, now.AddHours(1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Later runs: {fiveMinutesLater.TotalMilliseconds:0} ms five minutes on; {nextHour.TotalMilliseconds:0} ms when an hour closes (with the 30-day user totals)"));
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static IEnumerable<(string Name, Func<long?, Task> Run)> Queries(NpgsqlConnection c, DateTimeOffset now)
    {
        var none = CancellationToken.None;
        yield return ("images today/7d/30d", g => StatsQueries.ImagesAsync(c, g, now, none));
        yield return ("active users 7d/30d", g => StatsQueries.ActiveUsersAsync(c, g, now, none));
        yield return ("queue length now", g => StatsQueries.QueueAsync(c, g, none));
        yield return ("p50/p95 wait and render (7d)", g => StatsQueries.TimingsAsync(c, g, now, none));
        yield return ("failure rate (7d)", g => StatsQueries.FailureRateAsync(c, g, now, none));
        yield return ("top users by cost (30d)", g => StatsQueries.TopUsersAsync(c, g, now, 5, none));
        yield return ("per-worker throughput (7d)", g => StatsQueries.WorkersAsync(c, g, now, none));
    }

    private static async Task<TimeSpan> RollUpAsync(DreamBotDb db, DateTimeOffset at)
    {
        var watch = Stopwatch.StartNew();
        await new StatsRollup(db, new ManualTimeProvider(at), NullLogger<StatsRollup>.Instance).RunAsync(CancellationToken.None);
        return watch.Elapsed;
    }

    private static async Task<double> MedianAsync(Func<Task> run, int repeats)
    {
        await run(); // warm the plan and the cache
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
