namespace DreamBot.Shared.Data;

/// <summary>
/// How far the stats rollups reach: one row, written in the same transaction as the rollups it describes. Hours
/// before <see cref="HoursUntil"/> are rolled up with the generations that finished by <see cref="HoursSettledAt"/>;
/// the user windows cover queue times from <see cref="UsersFrom"/> to <see cref="UsersUntil"/>, settled by
/// <see cref="UsersSettledAt"/>. Everything else is read from the generations table.
/// </summary>
public sealed class StatsRollupState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public DateTimeOffset HoursUntil { get; set; }
    public DateTimeOffset HoursSettledAt { get; set; }
    public DateTimeOffset UsersFrom { get; set; }
    public DateTimeOffset UsersUntil { get; set; }
    public DateTimeOffset UsersSettledAt { get; set; }
}
