using DreamBot.Shared.Data;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// Usage statistics, read from the rollups that <see cref="StatsRollup"/> keeps plus the generations they do not hold
/// yet (see <see cref="HourlyWindow"/> and <see cref="UserWindow"/>), so they stay fast on millions of rows and are
/// never stale. A null guild means every guild and DMs (the admin dashboard). Percentiles are read from histograms
/// (see <see cref="TimeHistogram"/> for their error); every count and sum is exact.
/// </summary>
public static class StatsQueries
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);
    public static readonly TimeSpan Month = TimeSpan.FromDays(30);

    public static async Task<GenerationStats> ComputeAsync(DreamBotDb db, long? guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await StatsSql.OpenAsync(db, cancellationToken);
        // One snapshot for the whole answer; the week's totals give its images, timings and failure rate in one read.
        return await StatsSnapshot.ReadAsync(connection, async state =>
        {
            var utc = now.ToUniversalTime();
            var week = await TotalsSinceAsync(connection, guildId, state, utc - Week, Durations.Both, cancellationToken);
            var today = await TotalsSinceAsync(connection, guildId, state, Midnight(utc), Durations.None, cancellationToken);
            var month = await TotalsSinceAsync(connection, guildId, state, utc - Month, Durations.None, cancellationToken);
            var (users7, users30) = await ActiveUsersAsync(connection, guildId, state, now, cancellationToken);
            var (queued, running) = await QueueAsync(connection, guildId, cancellationToken);
            return new GenerationStats(today.Images, week.Images, month.Images, users7, users30, queued, running,
                Timings(week), FailureRate(week),
                await TopUsersAsync(connection, guildId, state, now, 5, cancellationToken),
                await WorkersAsync(connection, guildId, state, now, cancellationToken));
        }, cancellationToken);
    }

    public static Task<(long Today, long Days7, long Days30)> ImagesAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, async state =>
        {
            var utc = now.ToUniversalTime();
            return ((await TotalsSinceAsync(connection, guildId, state, Midnight(utc), Durations.None, cancellationToken)).Images,
                (await TotalsSinceAsync(connection, guildId, state, utc - Week, Durations.None, cancellationToken)).Images,
                (await TotalsSinceAsync(connection, guildId, state, utc - Month, Durations.None, cancellationToken)).Images);
        }, cancellationToken);

    public static Task<(long Days7, long Days30)> ActiveUsersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, state => ActiveUsersAsync(connection, guildId, state, now, cancellationToken), cancellationToken);

    public static async Task<(long Queued, long Running)> QueueAsync(NpgsqlConnection connection, long? guildId, CancellationToken cancellationToken)
    {
        // Matches the partial index ix_generations_active.
        await using var command = StatsSql.Command(connection, guildId, """
            SELECT count(*) FILTER (WHERE status = 'Queued'), count(*) FILTER (WHERE status = 'Running')
            FROM dreambot.generations
            WHERE {guild} status IN ('Queued', 'Running')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static Task<TimingPercentiles> TimingsAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, async state =>
            Timings(await TotalsSinceAsync(connection, guildId, state, now.ToUniversalTime() - Week, Durations.Both, cancellationToken)), cancellationToken);

    public static Task<double> FailureRateAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, async state =>
            FailureRate(await TotalsSinceAsync(connection, guildId, state, now.ToUniversalTime() - Week, Durations.None, cancellationToken)), cancellationToken);

    public static Task<IReadOnlyList<UserCost>> TopUsersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, state => TopUsersAsync(connection, guildId, state, now, limit, cancellationToken), cancellationToken);

    public static Task<IReadOnlyList<WorkerThroughput>> WorkersAsync(NpgsqlConnection connection, long? guildId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatsSnapshot.ReadAsync(connection, state => WorkersAsync(connection, guildId, state, now, cancellationToken), cancellationToken);

    /// <summary>Requests, images and durations of everything queued since <paramref name="start"/>.</summary>
    private static async Task<HourlyTotals> TotalsSinceAsync(
        NpgsqlConnection connection, long? guildId, StatsRollupState? state, DateTimeOffset start, Durations durations, CancellationToken cancellationToken)
    {
        var totals = await HourlyStats.ReadAsync(connection, guildId, HourlyWindow.Of(state, start), HourlyStats.Everything, durations, cancellationToken);
        return totals.Values.SingleOrDefault() ?? new HourlyTotals();
    }

    private static TimingPercentiles Timings(HourlyTotals week) =>
        new(week.Wait.Percentile(0.5), week.Wait.Percentile(0.95), week.Render.Percentile(0.5), week.Render.Percentile(0.95));

    private static double FailureRate(HourlyTotals week)
    {
        var finished = week.Succeeded + week.Failed;
        return finished == 0 ? 0 : (double)week.Failed / finished;
    }

    private static DateTimeOffset Midnight(DateTimeOffset utc) => new(utc.Date, TimeSpan.Zero);

    private static async Task<(long Days7, long Days30)> ActiveUsersAsync(
        NpgsqlConnection connection, long? guildId, StatsRollupState? state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = UserWindow.Of(state, now.ToUniversalTime() - Month);
        await using var command = window.AddTo(StatsSql.Command(connection, guildId, $$"""
            SELECT count(*) FILTER (WHERE last >= @d7), count(*)
            FROM (SELECT user_id, max(last) AS last FROM (
                      SELECT user_id, last_queued_at AS last FROM dreambot.stats_user_windows
                      WHERE {guild} @use_totals AND last_queued_at >= @start
                      UNION ALL
                      SELECT user_id, queued_at FROM dreambot.generations
                      WHERE {guild} queued_at >= @start AND {{UserWindow.FreshSql}}) a
                  GROUP BY user_id) u
            """));
        command.Parameters.AddWithValue("d7", now.ToUniversalTime() - Week);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<IReadOnlyList<UserCost>> TopUsersAsync(
        NpgsqlConnection connection, long? guildId, StatsRollupState? state, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        // Refunded work is free; a user is listed while anything they asked for in the window still costs.
        await using var command = UserWindow.Of(state, now.ToUniversalTime() - Month).AddTo(StatsSql.Command(connection, guildId, $$"""
            SELECT t.user_id,
                   coalesce((SELECT n.user_name FROM dreambot.generations n WHERE n.user_id = t.user_id ORDER BY n.queued_at DESC LIMIT 1), ''),
                   t.units, t.images
            FROM (SELECT user_id, sum(units) AS units, sum(images)::bigint AS images FROM (
                      SELECT user_id, units, images FROM dreambot.stats_user_windows WHERE {guild} @use_totals
                      UNION ALL
                      SELECT user_id, {{UserWindow.SignSql}} * cost_units, {{UserWindow.SignSql}} * count FROM dreambot.generations
                      WHERE {guild} NOT refunded AND {{UserWindow.FreshSql}}) a
                  GROUP BY user_id HAVING sum(images) > 0 ORDER BY units DESC, user_id LIMIT @limit) t
            ORDER BY t.units DESC, t.user_id
            """));
        command.Parameters.AddWithValue("limit", limit);
        var users = new List<UserCost>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            users.Add(new UserCost(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3)));
        return users;
    }

    private static async Task<IReadOnlyList<WorkerThroughput>> WorkersAsync(
        NpgsqlConnection connection, long? guildId, StatsRollupState? state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var totals = await HourlyStats.ReadAsync(connection, guildId, HourlyWindow.Of(state, now.ToUniversalTime() - Week), HourlyStats.ByWorker, Durations.Render, cancellationToken);
        return totals.Where(w => w.Value.Succeeded > 0)
            .OrderByDescending(w => w.Value.Images).ThenBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => new WorkerThroughput(w.Key, w.Value.Images, w.Value.Images / Week.TotalHours, w.Value.Render.Percentile(0.5)))
            .ToList();
    }
}
