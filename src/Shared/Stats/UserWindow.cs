using DreamBot.Shared.Data;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// A window from <see cref="Start"/> to now (at most 30 days), read from the per-user totals the rollup job builds
/// every hour, corrected from the generations table: rows the totals lack (queued after <see cref="Until"/> or before
/// <see cref="From"/>, or finished after <see cref="SettledAt"/>) are added, and rows the totals hold though they are
/// older than <see cref="Start"/> (the totals end up to an hour or so before now) are subtracted.
/// </summary>
public sealed record UserWindow(DateTimeOffset Start, bool UseTotals, DateTimeOffset From, DateTimeOffset Until, DateTimeOffset SettledAt)
{
    /// <summary>Generations to add to or subtract from the totals; <see cref="SignSql"/> says which.</summary>
    public const string FreshSql = """
        ((queued_at >= @from AND queued_at < @start) OR (queued_at >= @start AND queued_at < @from) OR queued_at >= @until
         OR ((finished_at IS NULL OR finished_at > @settled_at) AND queued_at >= @start))
        """;

    /// <summary>1 to add a generation to the sums, -1 to subtract it, 0 to leave it.</summary>
    public const string SignSql = """
        (CASE WHEN queued_at < @start THEN CASE WHEN finished_at <= @settled_at THEN -1 ELSE 0 END
              WHEN queued_at < @from OR queued_at >= @until OR finished_at IS NULL OR finished_at > @settled_at THEN 1
              ELSE 0 END)
        """;

    public static UserWindow Of(StatsRollupState? state, DateTimeOffset start) =>
        state is null || state.UsersUntil <= start
            ? new(start, UseTotals: false, start, start, start)
            : new(start, UseTotals: true, state.UsersFrom, state.UsersUntil, state.UsersSettledAt);

    public NpgsqlCommand AddTo(NpgsqlCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.AddWithValue("start", Start);
        command.Parameters.AddWithValue("use_totals", UseTotals);
        command.Parameters.AddWithValue("from", From);
        command.Parameters.AddWithValue("until", Until);
        command.Parameters.AddWithValue("settled_at", SettledAt);
        return command;
    }
}
