using DreamBot.Bot.Interactions;
namespace DreamBot.Bot.ResultControls;

/// <summary>
/// A result's buttons and selects name their generation in the custom id; they act only on the message that
/// generation was posted as, so a component copied under another message cannot reach someone else's result.
/// </summary>
public static class ClickedResult
{
    public const string NotThisResult = "This button does not belong to the result it is under.";

    public static bool IsOn(Interaction interaction, long? resultMessageId)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction.Message?.Id is { } clicked && clicked == resultMessageId;
    }
}
