using Npgsql;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// Rebuilds the per-user totals over queue times from <c>from</c> until <c>until</c>; the sums count only what had
/// finished by the settle time, the last queue time counts everything (see <see cref="UserWindow"/>).
/// </summary>
internal static class UserWindowRollup
{
    private const string Sql = """
        DELETE FROM dreambot.stats_user_windows;
        INSERT INTO dreambot.stats_user_windows (guild_id, user_id, last_queued_at, last_succeeded_at, units, images, succeeded_units, succeeded_images)
        SELECT guild_id, user_id, max(queued_at),
               max(queued_at) FILTER (WHERE settled AND status = 'Succeeded'),
               coalesce(sum(cost_units) FILTER (WHERE settled AND NOT refunded), 0),
               coalesce(sum(count) FILTER (WHERE settled AND NOT refunded), 0),
               coalesce(sum(cost_units) FILTER (WHERE settled AND status = 'Succeeded'), 0),
               coalesce(sum(count) FILTER (WHERE settled AND status = 'Succeeded'), 0)
        FROM (SELECT guild_id, user_id, queued_at, status, count, cost_units, refunded, finished_at <= @settled_at AS settled
              FROM dreambot.generations WHERE queued_at >= @from AND queued_at < @until) g
        GROUP BY guild_id, user_id
        """;

    public static async Task<int> RebuildAsync(NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset until, DateTimeOffset settledAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("until", until);
        command.Parameters.AddWithValue("settled_at", settledAt);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
