namespace DreamBot.Shared.Data;

/// <summary>
/// One user's use of one guild (null: DMs) over the 30 days of hours before a stats rollup run, for active and top
/// users. The sums count only generations that had finished by the run's settle time; the last queue time counts all.
/// </summary>
public sealed class StatsUserWindow
{
    public long Id { get; set; }
    public long? GuildId { get; set; }
    public long UserId { get; set; }
    public DateTimeOffset LastQueuedAt { get; set; }
    public DateTimeOffset? LastSucceededAt { get; set; }

    /// <summary>Cost and images of what was not refunded, as quotas count them.</summary>
    public double Units { get; set; }
    public long Images { get; set; }

    public double SucceededUnits { get; set; }
    public long SucceededImages { get; set; }
}
