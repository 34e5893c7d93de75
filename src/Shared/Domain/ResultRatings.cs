using System.Globalization;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Shared.Domain;

/// <summary>
/// The rating selects under a result. Each option is one score for one image, its value "seed:score", so one select
/// rates <see cref="ImagesPerSelect"/> images and four images need two rows. The custom_id is
/// <see cref="ResultButtons.Rate"/>, the generation id, a colon and the select's number, which only keeps the ids of
/// one message distinct.
/// </summary>
public static class ResultRatings
{
    public const int MinScore = 1;
    public const int MaxScore = 10;
    public const int ImagesPerSelect = DiscordLimits.SelectOptions / MaxScore;

    public static string CustomId(long generationId, int select) => Invariant($"{ResultButtons.Rate}{generationId}:{select}");

    public static string OptionValue(long seed, int score) => Invariant($"{seed}:{score}");

    /// <summary>
    /// The choice a select interaction carries, or null with the reason when the id or values are not a rating: one
    /// value, a seed and a score from <see cref="MinScore"/> to <see cref="MaxScore"/>.
    /// </summary>
    public static (RatingChoice? Choice, string? Problem) Parse(string argument, IReadOnlyList<string>? values)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var id = argument.Split(':');
        if (id is not [var generation, var select] || !TryParse(generation, out var generationId) || !TryParse(select, out _))
            return (null, "This menu is not one of DreamBot's.");
        if (values is not [var value])
            return (null, "Pick one score.");
        var parts = value.Split(':');
        if (parts is not [var seedText, var scoreText] || !TryParse(seedText, out var seed) || !TryParse(scoreText, out var score))
            return (null, "That is not a score DreamBot offers.");
        if (score is < MinScore or > MaxScore)
            return (null, Invariant($"A score is from {MinScore} to {MaxScore}."));
        return (new RatingChoice(generationId, seed, (int)score), null);
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
