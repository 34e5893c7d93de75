namespace DreamBot.Shared.Data;

/// <summary>
/// A server's settings. The caps are overrides within <see cref="Domain.DreamLimits.Hard"/>; null means the standard
/// cap applies (see <see cref="Domain.DreamLimits.Standard"/>), so changing a standard changes every server that kept it.
/// </summary>
public sealed class GuildSettings
{
    public long GuildId { get; set; }

    /// <summary>The largest square side; requests may use any shape of at most that many pixels.</summary>
    public int? MaxSide { get; set; }
    public int? MaxSteps { get; set; }
    public int? MaxCount { get; set; }
    public int? MaxQueuedPerUser { get; set; }

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

    /// <summary>The guild contributes its results to the dataset (off until a moderator opts in).</summary>
    public bool DatasetOptIn { get; set; }

    /// <summary>One of <see cref="Dataset.DatasetLicences.All"/>.</summary>
    public string DatasetLicence { get; set; } = Dataset.DatasetLicences.Cc0;

    public DateTimeOffset UpdatedAt { get; set; }
}
