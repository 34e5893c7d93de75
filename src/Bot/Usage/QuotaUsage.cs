namespace DreamBot.Bot.Usage;

/// <summary>Cost units a member has used in the current day and week, and their guild in the current day.</summary>
public sealed record QuotaUsage(double Today, double ThisWeek, double GuildToday);
