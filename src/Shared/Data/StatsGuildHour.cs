namespace DreamBot.Shared.Data;

/// <summary>An hour of one guild, for its /stats.</summary>
public sealed class StatsGuildHour : HourlyCounts
{
    public long GuildId { get; set; }
}
