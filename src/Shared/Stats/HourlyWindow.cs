using DreamBot.Shared.Data;
using Npgsql;

namespace DreamBot.Shared.Stats;

/// <summary>
/// A window from <see cref="Start"/> to now, split between the hourly rollups and the generations table. The rollups
/// give the whole hours from <see cref="StartHour"/> until <see cref="CoveredUntil"/>, holding what had finished by
/// <see cref="SettledAt"/>; the table gives the rest (the partial first hour, the hours not rolled up yet and whatever
/// finished later) through its queued_at and finished_at indexes. So the numbers are never stale, however long ago the
/// rollup job last ran; it only decides how much is read from the table.
/// </summary>
public sealed record HourlyWindow(DateTimeOffset Start, DateTimeOffset StartHour, DateTimeOffset CoveredUntil, DateTimeOffset SettledAt)
{
    /// <summary>Rollup rows in the window.</summary>
    public const string RollupSql = "hour >= @start_hour AND hour < @covered_until";

    /// <summary>Generations in the window that the rollups do not hold.</summary>
    public const string FreshSql = """
        ((queued_at >= @start AND queued_at < @start_hour) OR queued_at >= @covered_until
         OR ((finished_at IS NULL OR finished_at > @settled_at) AND queued_at >= @start_hour AND queued_at < @covered_until))
        """;

    public static HourlyWindow Of(StatsRollupState? state, DateTimeOffset start)
    {
        var startHour = UtcHours.Ceiling(start);
        return state is null || state.HoursUntil <= startHour
            ? new(start, startHour, startHour, start)
            : new(start, startHour, state.HoursUntil, state.HoursSettledAt);
    }

    public NpgsqlCommand AddTo(NpgsqlCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.AddWithValue("start", Start);
        command.Parameters.AddWithValue("start_hour", StartHour);
        command.Parameters.AddWithValue("covered_until", CoveredUntil);
        command.Parameters.AddWithValue("settled_at", SettledAt);
        return command;
    }
}
