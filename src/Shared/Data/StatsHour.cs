namespace DreamBot.Shared.Data;

/// <summary>An hour of every guild and DM together, for the admin dashboard.</summary>
public sealed class StatsHour : HourlyCounts;
