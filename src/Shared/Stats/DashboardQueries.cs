using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>Time series and breakdowns for the admin dashboard, across every guild.</summary>
public static class DashboardQueries
{
    public sealed record HourPoint(DateTimeOffset Hour, long Images, double? WaitP50Seconds, double? WaitP95Seconds, double? RenderP50Seconds, double? RenderP95Seconds);

    public sealed record GuildUsage(long? GuildId, long Images, long Users, double Units);

    public static async Task<IReadOnlyList<HourPoint>> HourlyAsync(DreamBotDb db, DateTimeOffset now, TimeSpan span, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT date_trunc('hour', queued_at) AS hour, sum(count),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations
            WHERE queued_at >= @since AND status = 'Succeeded'
            GROUP BY hour ORDER BY hour
            """, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("since", now.ToUniversalTime() - span);
        var points = new List<HourPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            points.Add(new HourPoint(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), Value(reader, 2), Value(reader, 3), Value(reader, 4), Value(reader, 5)));
        return points;
    }

    public static async Task<IReadOnlyList<GuildUsage>> GuildsAsync(DreamBotDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT guild_id, sum(count), count(DISTINCT user_id), sum(cost_units)
            FROM dreambot.generations
            WHERE queued_at >= @since AND status = 'Succeeded'
            GROUP BY guild_id ORDER BY sum(count) DESC LIMIT 20
            """, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("since", now.ToUniversalTime().AddDays(-30));
        var guilds = new List<GuildUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            guilds.Add(new GuildUsage(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        return guilds;
    }

    private static double? Value(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
