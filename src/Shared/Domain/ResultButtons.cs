namespace DreamBot.Shared.Domain;

/// <summary>
/// The custom_id prefixes of the buttons under a result; the generation id follows. They are stored in Discord with
/// the message, so they must keep working after restarts and for old results: never rename them.
/// </summary>
public static class ResultButtons
{
    public const string Reroll = "dream:reroll:";
    public const string Variations = "dream:vary:";
    public const string Delete = "dream:delete:";

    /// <summary>How many images Variations makes (seeds +1, +2, +3).</summary>
    public const int VariationCount = 3;
}
