using DreamBot.Shared.Stats;
using Npgsql;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// Replaces the hourly rollups of some hours with what the generations table says now: per guild and worker in
/// stats_guild_hours, per worker across every guild and DM in stats_hours. Only generations that had finished by the
/// settle time are counted; readers take the rest from the table (see <see cref="HourlyWindow"/>).
/// </summary>
internal static class HourlyRollup
{
    private const string Columns = "succeeded, failed, images, wait_histogram, render_histogram";

    private static readonly string Fold = $"""
        coalesce(sum(requests) FILTER (WHERE measure = 'Succeeded'), 0), coalesce(sum(requests) FILTER (WHERE measure = 'Failed'), 0),
        coalesce(sum(images) FILTER (WHERE measure = 'Succeeded'), 0),
        {TimeHistogram.PackSql("bucket", "requests::int", "measure = 'wait'")},
        {TimeHistogram.PackSql("bucket", "requests::int", "measure = 'render'")}
        """;

    private static readonly string Sql = $"""
        DELETE FROM dreambot.stats_guild_hours WHERE hour = ANY(@hours);
        DELETE FROM dreambot.stats_hours WHERE hour = ANY(@hours);
        WITH settled AS MATERIALIZED (
            SELECT h.hour, g.guild_id, g.worker, g.status, g.count,
                   CASE WHEN g.status = 'Succeeded' THEN {TimeHistogram.BucketSql("date_part('epoch', g.started_at - g.queued_at)")} END AS wait_bucket,
                   CASE WHEN g.status = 'Succeeded' THEN {TimeHistogram.BucketSql("date_part('epoch', g.finished_at - g.started_at)")} END AS render_bucket
            FROM unnest(@hours) AS h(hour)
            JOIN dreambot.generations g ON g.queued_at >= h.hour AND g.queued_at < h.hour + interval '1 hour'
            WHERE g.finished_at <= @settled_at AND g.status IN ('Succeeded', 'Failed')),
        -- One row per measure and bucket, so both histograms and the counts come out of one GROUP BY (no join on nullable keys).
        cells AS MATERIALIZED (
            SELECT s.hour, s.guild_id, s.worker, m.measure, m.bucket, count(*) AS requests, sum(s.count) AS images
            FROM settled s CROSS JOIN LATERAL (VALUES (s.status::text, 0::smallint), ('wait', s.wait_bucket), ('render', s.render_bucket)) AS m(measure, bucket)
            WHERE m.bucket IS NOT NULL
            GROUP BY s.hour, s.guild_id, s.worker, m.measure, m.bucket),
        by_guild AS (
            INSERT INTO dreambot.stats_guild_hours (hour, guild_id, worker, {Columns})
            SELECT hour, guild_id, worker, {Fold}
            FROM cells WHERE guild_id IS NOT NULL GROUP BY hour, guild_id, worker)
        INSERT INTO dreambot.stats_hours (hour, worker, {Columns})
        SELECT hour, worker, {Fold}
        FROM (SELECT hour, worker, measure, bucket, sum(requests) AS requests, sum(images) AS images
              FROM cells GROUP BY hour, worker, measure, bucket) c
        GROUP BY hour, worker
        """;

    public static async Task<int> RollAsync(NpgsqlConnection connection, IReadOnlyCollection<DateTimeOffset> hours, DateTimeOffset settledAt, CancellationToken cancellationToken)
    {
        if (hours.Count == 0)
            return 0;
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("hours", hours.ToArray());
        command.Parameters.AddWithValue("settled_at", settledAt);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
