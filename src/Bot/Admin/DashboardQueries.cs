using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using Npgsql;

namespace DreamBot.Bot.Admin;

/// <summary>Time series and breakdowns for the admin dashboard, across every guild, read like <see cref="StatsQueries"/>.</summary>
public static class DashboardQueries
{
    public sealed record HourPoint(DateTimeOffset Hour, long Images, double? WaitP50Seconds, double? WaitP95Seconds, double? RenderP50Seconds, double? RenderP95Seconds);

    public sealed record GuildUsage(long? GuildId, long Images, long Users, double Units);

    public static async Task<IReadOnlyList<HourPoint>> HourlyAsync(DreamBotDb db, DateTimeOffset now, TimeSpan span, CancellationToken cancellationToken)
    {
        var connection = await StatsSql.OpenAsync(db, cancellationToken);
        return await StatsSnapshot.ReadAsync<IReadOnlyList<HourPoint>>(connection, async state =>
        {
            var window = HourlyWindow.Of(state, now.ToUniversalTime() - span);
            var hours = await HourlyStats.ReadAsync(connection, guildId: null, window, HourlyStats.ByHour, Durations.Both, cancellationToken);
            return hours.Where(h => h.Value.Succeeded > 0).OrderBy(h => h.Key)
                .Select(h => new HourPoint(h.Key, h.Value.Images, h.Value.Wait.Percentile(0.5), h.Value.Wait.Percentile(0.95),
                    h.Value.Render.Percentile(0.5), h.Value.Render.Percentile(0.95)))
                .ToList();
        }, cancellationToken);
    }

    /// <summary>The 20 guilds (null: DMs) that made the most images in 30 days.</summary>
    public static async Task<IReadOnlyList<GuildUsage>> GuildsAsync(DreamBotDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await StatsSql.OpenAsync(db, cancellationToken);
        return await StatsSnapshot.ReadAsync<IReadOnlyList<GuildUsage>>(connection, async state =>
        {
            await using var command = UserWindow.Of(state, now.ToUniversalTime() - StatsQueries.Month).AddTo(new NpgsqlCommand($$"""
                SELECT guild_id, sum(images)::bigint, count(*) FILTER (WHERE active), sum(units)
                FROM (SELECT guild_id, user_id, sum(images) AS images, sum(units) AS units, bool_or(active) AS active FROM (
                          SELECT guild_id, user_id, succeeded_images AS images, succeeded_units AS units, last_succeeded_at >= @start AS active
                          FROM dreambot.stats_user_windows WHERE @use_totals
                          UNION ALL
                          SELECT guild_id, user_id, {{UserWindow.SignSql}} * count, {{UserWindow.SignSql}} * cost_units, {{UserWindow.SignSql}} = 1
                          FROM dreambot.generations WHERE status = 'Succeeded' AND {{UserWindow.FreshSql}}) a
                      GROUP BY guild_id, user_id) u
                GROUP BY guild_id HAVING sum(images) > 0
                ORDER BY sum(images) DESC, guild_id LIMIT 20
                """, connection));
            var guilds = new List<GuildUsage>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                guilds.Add(new GuildUsage(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
            return guilds;
        }, cancellationToken);
    }
}
