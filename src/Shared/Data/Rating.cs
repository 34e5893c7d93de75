namespace DreamBot.Shared.Data;

/// <summary>
/// One user's score for one image of a result (the generation and the image's seed); a user has at most one per
/// image, and rating again replaces it.
/// </summary>
public sealed class Rating
{
    public long Id { get; set; }
    public long GenerationId { get; set; }
    public long ImageSeed { get; set; }
    public long UserId { get; set; }
    public long? GuildId { get; set; }

    /// <summary>From <see cref="Domain.ResultRatings.MinScore"/> to <see cref="Domain.ResultRatings.MaxScore"/>.</summary>
    public int Score { get; set; }
    public DateTimeOffset RatedAt { get; set; }

    /// <summary>The rater asked for the image themselves, so the score may be kinder than a stranger's.</summary>
    public bool Own { get; set; }
}
