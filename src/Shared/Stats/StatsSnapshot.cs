using System.Data;
using DreamBot.Shared.Data;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// Reads statistics in one repeatable-read snapshot together with the rollup state. The rollup job replaces rollups
/// and moves the state in one transaction, so reading both from one snapshot counts every generation exactly once.
/// </summary>
public static class StatsSnapshot
{
    public static async Task<T> ReadAsync<T>(NpgsqlConnection connection, Func<StatsRollupState?, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var result = await read(await ReadStateAsync(connection, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static async Task<StatsRollupState?> ReadStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT hours_until, hours_settled_at, users_from, users_until, users_settled_at
            FROM dreambot.stats_rollup_state WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("id", StatsRollupState.SingletonId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new StatsRollupState
        {
            HoursUntil = reader.GetFieldValue<DateTimeOffset>(0),
            HoursSettledAt = reader.GetFieldValue<DateTimeOffset>(1),
            UsersFrom = reader.GetFieldValue<DateTimeOffset>(2),
            UsersUntil = reader.GetFieldValue<DateTimeOffset>(3),
            UsersSettledAt = reader.GetFieldValue<DateTimeOffset>(4),
        };
    }
}
