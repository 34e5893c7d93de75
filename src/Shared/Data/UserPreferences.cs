namespace DreamBot.Shared.Data;

/// <summary>A user's own /dream defaults, used where an option is omitted (always within the guild's caps).</summary>
public sealed class UserPreferences
{
    public long UserId { get; set; }
    public string? Sampler { get; set; }
    public int? Steps { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? Guidance { get; set; }
    public string? NegativePrompt { get; set; }
    public int? Count { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the user opted out of the dataset; null means they follow their guild's choice.</summary>
    public DateTimeOffset? DatasetOptedOutAt { get; set; }
}
