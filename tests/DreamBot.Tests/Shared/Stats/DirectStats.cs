using DreamBot.Bot.Admin;
using DreamBot.Shared.Stats;
using Npgsql;

namespace DreamBot.Tests.Shared.Stats;

/// <summary>
/// The statistics computed straight from the generations table, with exact percentiles: what the rollups plus the
/// rows they do not hold must agree with.
/// </summary>
internal sealed class DirectStats(NpgsqlConnection connection, long? guildId, DateTimeOffset now)
{
    private readonly DateTimeOffset _today = new(now.UtcDateTime.Date, TimeSpan.Zero);
    private readonly DateTimeOffset _d7 = now.ToUniversalTime() - StatsQueries.Week;
    private readonly DateTimeOffset _d30 = now.ToUniversalTime() - StatsQueries.Month;

    public async Task<GenerationStats> ComputeAsync()
    {
        var images = await RowAsync("""
            SELECT coalesce(sum(count) FILTER (WHERE queued_at >= @today), 0), coalesce(sum(count) FILTER (WHERE queued_at >= @d7), 0), coalesce(sum(count), 0)
            FROM dreambot.generations WHERE {guild} queued_at >= @d30 AND status = 'Succeeded'
            """);
        var users = await RowAsync("""
            SELECT count(*) FILTER (WHERE last >= @d7), count(*)
            FROM (SELECT user_id, max(queued_at) AS last FROM dreambot.generations WHERE {guild} queued_at >= @d30 GROUP BY user_id) u
            """);
        var queue = await RowAsync("""
            SELECT count(*) FILTER (WHERE status = 'Queued'), count(*) FILTER (WHERE status = 'Running')
            FROM dreambot.generations WHERE {guild} status IN ('Queued', 'Running')
            """);
        var timings = await RowAsync("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations WHERE {guild} queued_at >= @d7 AND status = 'Succeeded'
            """);
        var failures = await RowAsync("""
            SELECT coalesce(count(*) FILTER (WHERE status = 'Failed')::float8 / nullif(count(*), 0), 0)
            FROM dreambot.generations WHERE {guild} queued_at >= @d7 AND status IN ('Succeeded', 'Failed')
            """);
        var workers = await RowsAsync("""
            SELECT worker, sum(count), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations WHERE {guild} queued_at >= @d7 AND status = 'Succeeded' AND worker IS NOT NULL
            GROUP BY worker ORDER BY sum(count) DESC, worker
            """);
        return new GenerationStats((long)images[0]!, (long)images[1]!, (long)images[2]!, (long)users[0]!, (long)users[1]!,
            (long)queue[0]!, (long)queue[1]!,
            new TimingPercentiles((double?)timings[0], (double?)timings[1], (double?)timings[2], (double?)timings[3]),
            (double)failures[0]!,
            await UserCostsAsync(),
            workers.Select(w => new WorkerThroughput((string)w[0]!, (long)w[1]!, (long)w[1]! / StatsQueries.Week.TotalHours, (double?)w[2])).ToList());
    }

    /// <summary>Every user with something not refunded in 30 days, by cost; ties make "the top five" ambiguous, so all are kept.</summary>
    private async Task<IReadOnlyList<UserCost>> UserCostsAsync() =>
        (await RowsAsync("""
            SELECT user_id, sum(cost_units), sum(count) FROM dreambot.generations
            WHERE {guild} queued_at >= @d30 AND NOT refunded GROUP BY user_id ORDER BY sum(cost_units) DESC, user_id
            """)).Select(u => new UserCost((long)u[0]!, "", (double)u[1]!, (long)u[2]!)).ToList();

    public async Task<IReadOnlyList<DashboardQueries.HourPoint>> HourlyAsync(TimeSpan span) =>
        (await RowsAsync("""
            SELECT date_trunc('hour', queued_at, 'UTC') AS hour, sum(count),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - queued_at)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM dreambot.generations WHERE queued_at >= @since AND status = 'Succeeded'
            GROUP BY hour ORDER BY hour
            """, now.ToUniversalTime() - span)).Select(h => new DashboardQueries.HourPoint(new DateTimeOffset((DateTime)h[0]!), (long)h[1]!, (double?)h[2], (double?)h[3], (double?)h[4], (double?)h[5])).ToList();

    public async Task<IReadOnlyList<DashboardQueries.GuildUsage>> GuildsAsync() =>
        (await RowsAsync("""
            SELECT guild_id, sum(count), count(DISTINCT user_id), sum(cost_units) FROM dreambot.generations
            WHERE queued_at >= @d30 AND status = 'Succeeded' GROUP BY guild_id ORDER BY sum(count) DESC, guild_id LIMIT 20
            """)).Select(g => new DashboardQueries.GuildUsage((long?)g[0], (long)g[1]!, (long)g[2]!, (double)g[3]!)).ToList();

    private async Task<object?[]> RowAsync(string sql) => (await RowsAsync(sql)).Single();

    private async Task<List<object?[]>> RowsAsync(string sql, DateTimeOffset? since = null)
    {
        await using var command = new NpgsqlCommand(sql.Replace("{guild}", guildId is null ? "" : "guild_id = @guild AND", StringComparison.Ordinal), connection);
        command.Parameters.AddWithValue("guild", guildId ?? 0);
        command.Parameters.AddWithValue("today", _today);
        command.Parameters.AddWithValue("d7", _d7);
        command.Parameters.AddWithValue("d30", _d30);
        command.Parameters.AddWithValue("since", since ?? _d30);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetFieldType(i) == typeof(decimal) ? (double)reader.GetDecimal(i) : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
