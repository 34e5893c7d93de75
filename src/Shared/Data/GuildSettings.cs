namespace DreamBot.Shared.Data;

public sealed class GuildSettings
{
    public long GuildId { get; set; }

    public int MaxWidth { get; set; } = 1024;
    public int MaxHeight { get; set; } = 1024;
    public int MaxSteps { get; set; } = 100;
    public int MaxCount { get; set; } = 4;
    public int MaxQueuedPerUser { get; set; } = 2;

    /// <summary>Empty means every sampler.</summary>
    public List<string> AllowedSamplers { get; set; } = [];

    public SafetyPolicy SafetyPolicy { get; set; } = SafetyPolicy.Spoiler;
    public bool PostPreviews { get; set; } = true;
    public bool ImageGrid { get; set; }
    public QuotaReset QuotaReset { get; set; } = QuotaReset.UtcDaily;

    /// <summary>Cost units the whole guild may use per day (all users together); null means no guild-wide cap.</summary>
    public double? GuildDailyUnits { get; set; }
    public bool ModeratorsUnlimited { get; set; } = true;
    public long? ModeratorRoleId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
