using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// The recurring job that keeps the stats rollups: it rolls up every hour that has closed since the last run (all of
/// them after downtime), and rebuilds the per-user 30-day totals whenever a new hour closes. Each run replaces what
/// it rolls up, in one transaction with the state that says what the rollups hold, so running it again (or twice at
/// once: an advisory lock queues the second) changes nothing. Readers take whatever the rollups do not hold from the
/// generations table, so a late run makes stats slower to read, never wrong.
/// </summary>
public sealed partial class StatsRollup(DreamBotDb db, TimeProvider time, ILogger<StatsRollup> logger)
{
    public const string RecurringJobId = "stats-rollup";

    /// <summary>
    /// Finish times come from the workers' and the Bot's clocks and become visible only when their transaction commits.
    /// A run counts what finished at least this long before its own clock says, so a finish written by a clock that
    /// runs a little behind, or committed a little late, is still newer than the run and is picked up by the next one.
    /// </summary>
    public static readonly TimeSpan SettleMargin = TimeSpan.FromMinutes(5);

    private const long LockKey = 0x5354_4154_5355_5031; // "STATSUP1"

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The planner cannot see which hours the rollup reads and expects a third of the table per hour; at that
        // estimate it spends a second JIT-compiling even a one-hour rollup that takes milliseconds to run.
        await using (var setUp = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey}); SET LOCAL jit = off", connection))
            await setUp.ExecuteNonQueryAsync(cancellationToken);

        var now = time.GetUtcNow();
        var previous = await StatsSnapshot.ReadStateAsync(connection, cancellationToken);
        var state = new StatsRollupState
        {
            HoursUntil = Max(previous?.HoursUntil, UtcHours.Floor(now)),
            HoursSettledAt = Max(previous?.HoursSettledAt, now - SettleMargin),
        };
        var hours = await HoursToRollAsync(connection, previous, state, cancellationToken);
        await HourlyRollup.RollAsync(connection, hours, state.HoursSettledAt, cancellationToken);

        if (previous is not null && previous.UsersUntil == state.HoursUntil)
            (state.UsersFrom, state.UsersUntil, state.UsersSettledAt) = (previous.UsersFrom, previous.UsersUntil, previous.UsersSettledAt);
        else
        {
            (state.UsersFrom, state.UsersUntil, state.UsersSettledAt) = (state.HoursUntil - StatsQueries.Month, state.HoursUntil, state.HoursSettledAt);
            await UserWindowRollup.RebuildAsync(connection, state.UsersFrom, state.UsersUntil, state.UsersSettledAt, cancellationToken);
        }
        await SaveStateAsync(connection, state, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRolledUp(logger, hours.Count, state.HoursUntil);
    }

    /// <summary>
    /// The hours that closed since the last run, and the already rolled-up hours of generations that finished since
    /// then: a generation is rolled up in the hour it was queued, and counted there once it has finished. Looking them
    /// up by finish time (an index) re-rolls exactly the hours that changed, however late the finish, instead of
    /// re-rolling a fixed number of recent hours and missing a generation that waited or rendered longer than that.
    /// </summary>
    private static async Task<List<DateTimeOffset>> HoursToRollAsync(NpgsqlConnection connection, StatsRollupState? previous, StatsRollupState next, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT date_trunc('hour', queued_at, 'UTC') FROM dreambot.generations
            WHERE finished_at > @settled_before AND finished_at <= @settled_at AND queued_at < @rolled_before
            UNION
            SELECT generate_series(
                coalesce(@rolled_before, (SELECT date_trunc('hour', min(queued_at), 'UTC') FROM dreambot.generations)),
                @rolled_until - interval '1 hour', interval '1 hour')
            """, connection);
        command.Parameters.AddWithValue("settled_before", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)previous?.HoursSettledAt ?? DBNull.Value);
        command.Parameters.AddWithValue("rolled_before", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)previous?.HoursUntil ?? DBNull.Value);
        command.Parameters.AddWithValue("settled_at", next.HoursSettledAt);
        command.Parameters.AddWithValue("rolled_until", next.HoursUntil);
        var hours = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (!reader.IsDBNull(0))
                hours.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return hours;
    }

    private static async Task SaveStateAsync(NpgsqlConnection connection, StatsRollupState state, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO dreambot.stats_rollup_state (id, hours_until, hours_settled_at, users_from, users_until, users_settled_at)
            VALUES (@id, @hours_until, @hours_settled_at, @users_from, @users_until, @users_settled_at)
            ON CONFLICT (id) DO UPDATE SET hours_until = excluded.hours_until, hours_settled_at = excluded.hours_settled_at,
                users_from = excluded.users_from, users_until = excluded.users_until, users_settled_at = excluded.users_settled_at
            """, connection);
        command.Parameters.AddWithValue("id", state.Id);
        command.Parameters.AddWithValue("hours_until", state.HoursUntil);
        command.Parameters.AddWithValue("hours_settled_at", state.HoursSettledAt);
        command.Parameters.AddWithValue("users_from", state.UsersFrom);
        command.Parameters.AddWithValue("users_until", state.UsersUntil);
        command.Parameters.AddWithValue("users_settled_at", state.UsersSettledAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTimeOffset Max(DateTimeOffset? previous, DateTimeOffset next) => previous is { } p && p > next ? p : next;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolled up {Hours} hours of stats; rollups now reach {Until}")]
    private static partial void LogRolledUp(ILogger logger, int hours, DateTimeOffset until);
}
