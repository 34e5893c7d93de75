namespace DreamBot.Shared.Data;

/// <summary>An allowance in cost units. A user's rule beats their roles' (the highest role wins), which beat the guild default.</summary>
public sealed class QuotaRule
{
    public long Id { get; set; }
    public long GuildId { get; set; }
    public QuotaScope Scope { get; set; }

    /// <summary>The role or user id; null for the guild default.</summary>
    public long? SubjectId { get; set; }

    /// <summary>Null means unlimited for that period.</summary>
    public double? DailyUnits { get; set; }
    public double? WeeklyUnits { get; set; }

    public long SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}
