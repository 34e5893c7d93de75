using System.Data.Common;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// Usage statistics in SQL over the generations table's (guild_id, queued_at) and (queued_at) covering indexes, so
/// they stay fast on millions of rows. A null guild means every guild (the admin dashboard).
/// </summary>
public static class StatsQueries
{
    public static async Task<GenerationStats> ComputeAsync(DreamBotDb db, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        var (today, d7, d30) = await ImagesAsync(connection, guildId, now, cancellationToken);
        var (users7, users30) = await ActiveUsersAsync(connection, guildId, now, cancellationToken);
        var (queued, running) = await QueueAsync(connection, guildId, cancellationToken);
        return new GenerationStats(today, d7, d30, users7, users30, queued, running,
            await TimingsAsync(connection, guildId, now, cancellationToken),
            await FailureRateAsync(connection, guildId, now, cancellationToken),
            await TopUsersAsync(connection, guildId, now, 5, cancellationToken),
            await WorkersAsync(connection, guildId, now, cancellationToken));
    }

    public static async Task<(long Today, long Days7, long Days30)> ImagesAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT coalesce(sum(count) FILTER (WHERE queued_at >= @today), 0),
                   coalesce(sum(count) FILTER (WHERE queued_at >= @d7), 0),
                   coalesce(sum(count), 0)
            FROM dreambot.generations
            WHERE {guild} queued_at >= @d30 AND status = 'Succeeded'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static async Task<(long Days7, long Days30)> ActiveUsersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT count(*) FILTER (WHERE last >= @d7), count(*)
            FROM (SELECT user_id, max(queued_at) AS last FROM dreambot.generations
                  WHERE {guild} queued_at >= @d30 GROUP BY user_id) u
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task<(long Queued, long Running)> QueueAsync(NpgsqlConnection connection, long? guildId, CancellationToken cancellationToken)
    {
        // Matches the partial index ix_generations_active.
        await using var command = Command(connection, guildId, DateTimeOffset.MinValue, """
            SELECT count(*) FILTER (WHERE status = 'Queued'), count(*) FILTER (WHERE status = 'Running')
            FROM dreambot.generations
            WHERE {guild} status IN ('Queued', 'Running')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task<TimingPercentiles> TimingsAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations
            WHERE {guild} queued_at >= @d7 AND status = 'Succeeded'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TimingPercentiles(NullableDouble(reader, 0), NullableDouble(reader, 1), NullableDouble(reader, 2), NullableDouble(reader, 3));
    }

    public static async Task<double> FailureRateAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT coalesce(count(*) FILTER (WHERE status = 'Failed')::float8 / nullif(count(*), 0), 0)
            FROM dreambot.generations
            WHERE {guild} queued_at >= @d7 AND status IN ('Succeeded', 'Failed')
            """);
        return Convert.ToDouble(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<IReadOnlyList<UserCost>> TopUsersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT t.user_id,
                   coalesce((SELECT n.user_name FROM dreambot.generations n WHERE n.user_id = t.user_id ORDER BY n.queued_at DESC LIMIT 1), ''),
                   t.units, t.images
            FROM (SELECT user_id, sum(cost_units) AS units, sum(count) AS images
                  FROM dreambot.generations
                  WHERE {guild} queued_at >= @d30 AND NOT refunded
                  GROUP BY user_id ORDER BY units DESC LIMIT @limit) t
            ORDER BY t.units DESC
            """);
        command.Parameters.AddWithValue("limit", limit);
        var users = new List<UserCost>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            users.Add(new UserCost(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3)));
        return users;
    }

    public static async Task<IReadOnlyList<WorkerThroughput>> WorkersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, guildId, now, """
            SELECT worker, sum(count), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations
            WHERE {guild} queued_at >= @d7 AND status = 'Succeeded' AND worker IS NOT NULL
            GROUP BY worker ORDER BY sum(count) DESC
            """);
        var workers = new List<WorkerThroughput>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var images = reader.GetInt64(1);
            workers.Add(new WorkerThroughput(reader.GetString(0), images, images / (7 * 24.0), NullableDouble(reader, 2)));
        }
        return workers;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, long? guildId, DateTimeOffset now, string sql)
    {
        // The guild predicate is left out entirely (not "@guild IS NULL OR ...") so the planner can use the index.
        var command = new NpgsqlCommand(sql.Replace("{guild}", guildId is null ? "" : "guild_id = @guild AND", StringComparison.Ordinal), connection);
        if (guildId is { } id)
            command.Parameters.AddWithValue("guild", id);
        if (now != DateTimeOffset.MinValue)
        {
            var utc = now.ToUniversalTime();
            command.Parameters.AddWithValue("today", new DateTimeOffset(utc.Date, TimeSpan.Zero));
            command.Parameters.AddWithValue("d7", utc.AddDays(-7));
            command.Parameters.AddWithValue("d30", utc.AddDays(-30));
        }
        return command;
    }

    private static double? NullableDouble(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
