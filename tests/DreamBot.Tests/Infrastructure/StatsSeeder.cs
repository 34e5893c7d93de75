using Npgsql;

namespace DreamBot.Tests.Infrastructure;

/// <summary>
/// Fills the generations table with plausible history in one INSERT … SELECT generate_series: spread evenly over
/// <c>days</c> before <c>now</c>, across 20 guilds (1000..1019), 5000 users and 8 workers; 2% failed, 1% cancelled.
/// </summary>
public static class StatsSeeder
{
    public const long FirstGuild = 1000;

    public static async Task SeedAsync(string connectionString, int rows, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO dreambot.generations (user_id, user_name, guild_id, channel_id, channel_nsfw, interaction_id, interaction_token,
                prompt, negative_prompt, model, sampler, steps, guidance, width, height, count, seed, status, queued_at,
                started_at, finished_at, worker, error, cost_units, refunded, flagged_images)
            SELECT 1 + (i * 7919) % 5000, 'user' || (1 + (i * 7919) % 5000), @guild + i % 20, 1, false, 10000000 + i, 'token',
                'a lighthouse at dusk', '', 'sd15', 'euler_a', 30, 7.5, 512, 512, 1 + i % 4, i,
                CASE WHEN i % 50 = 0 THEN 'Failed' WHEN i % 97 = 0 THEN 'Cancelled' ELSE 'Succeeded' END,
                q, q + w, q + w + r, 'gpu-' || (i % 8),
                CASE WHEN i % 50 = 0 THEN 'CUDA out of memory' END,
                0.6 * (1 + i % 4), i % 50 = 0 OR i % 97 = 0, 0
            FROM (SELECT i,
                         @now - make_interval(secs => i::float8 * @span / @rows) AS q,
                         make_interval(secs => (i * 37 % 600) / 10.0) AS w,
                         make_interval(secs => 2 + (i * 13 % 80) / 10.0) AS r
                  FROM generate_series(1::bigint, @rows) AS i) s
            """, connection))
        {
            insert.CommandTimeout = 600;
            insert.Parameters.AddWithValue("guild", FirstGuild);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("span", days * 86400.0);
            insert.Parameters.AddWithValue("rows", rows);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // Index-only scans need the visibility map, and the planner needs statistics.
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE dreambot.generations", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }
}
