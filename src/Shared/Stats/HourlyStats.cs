using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// Sums over a window from the hourly rollups (one guild's, or everyone's) plus the rows they do not hold, by a key.
/// </summary>
public static class HourlyStats
{
    public static readonly HourlyGrouping<int> Everything = new("0", "0");
    public static readonly HourlyGrouping<string> ByWorker = new("worker", "worker", "worker IS NOT NULL AND");
    public static readonly HourlyGrouping<DateTimeOffset> ByHour = new("hour", "date_trunc('hour', queued_at, 'UTC')");

    private static readonly string WaitBucket = TimeHistogram.BucketSql("date_part('epoch', started_at - queued_at)");
    private static readonly string RenderBucket = TimeHistogram.BucketSql("date_part('epoch', finished_at - started_at)");

    public static async Task<Dictionary<TKey, HourlyTotals>> ReadAsync<TKey>(NpgsqlConnection connection, long? guildId, HourlyWindow window,
        HourlyGrouping<TKey> grouping, Durations durations, CancellationToken cancellationToken) where TKey : notnull
    {
        var table = guildId is null ? "dreambot.stats_hours" : "dreambot.stats_guild_hours";
        // Packed histograms concatenate into the pack of their sum, so the server only appends bytes.
        var histograms = (durations.HasFlag(Durations.Wait) ? ", string_agg(wait_histogram, ''::bytea)" : ", NULL")
            + (durations.HasFlag(Durations.Render) ? ", string_agg(render_histogram, ''::bytea)" : ", NULL");
        var sql = $"""
            SELECT {grouping.Rollup}, sum(images)::bigint, sum(succeeded)::bigint, sum(failed)::bigint{histograms} FROM {table}
            WHERE {"{guild}"} {grouping.Filter} {HourlyWindow.RollupSql}
            GROUP BY 1;
            SELECT {grouping.Fresh}, status = 'Succeeded', wait_bucket, render_bucket, count(*), sum(count)::bigint FROM (
                SELECT *, CASE WHEN status = 'Succeeded' THEN {WaitBucket} END AS wait_bucket,
                          CASE WHEN status = 'Succeeded' THEN {RenderBucket} END AS render_bucket
                FROM dreambot.generations
                WHERE {"{guild}"} {grouping.Filter} status IN ('Succeeded', 'Failed') AND {HourlyWindow.FreshSql}) g
            GROUP BY 1, 2, 3, 4
            """;
        await using var command = window.AddTo(StatsSql.Command(connection, guildId, sql));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new Dictionary<TKey, HourlyTotals>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var sums = Of(totals, reader.GetFieldValue<TKey>(0));
            sums.Images += reader.GetInt64(1);
            sums.Succeeded += reader.GetInt64(2);
            sums.Failed += reader.GetInt64(3);
            if (durations.HasFlag(Durations.Wait))
                sums.Wait.AddPacked(reader.GetFieldValue<byte[]>(4));
            if (durations.HasFlag(Durations.Render))
                sums.Render.AddPacked(reader.GetFieldValue<byte[]>(5));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sums = Of(totals, reader.GetFieldValue<TKey>(0));
            var requests = reader.GetInt64(4);
            if (!reader.GetBoolean(1))
            {
                sums.Failed += requests;
                continue;
            }
            sums.Succeeded += requests;
            sums.Images += reader.GetInt64(5);
            // Like percentile_cont, histograms skip a duration that is unknown (a start or finish never recorded).
            if (!reader.IsDBNull(2))
                sums.Wait.Add(reader.GetInt16(2), requests);
            if (!reader.IsDBNull(3))
                sums.Render.Add(reader.GetInt16(3), requests);
        }
        return totals;
    }

    private static HourlyTotals Of<TKey>(Dictionary<TKey, HourlyTotals> totals, TKey key) where TKey : notnull
    {
        if (!totals.TryGetValue(key, out var sums))
            totals[key] = sums = new HourlyTotals();
        return sums;
    }
}
