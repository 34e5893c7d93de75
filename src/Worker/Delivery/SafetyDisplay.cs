using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;

namespace DreamBot.Worker.Delivery;

/// <summary>How a server's safety policy shows a result's image: withheld, blurred as a spoiler, or as it is.</summary>
public static class SafetyDisplay
{
    /// <summary>Age-restricted channels show what the safety checker flagged without hiding it.</summary>
    public static bool Hidden(Generation generation, GeneratedImage image) => image.Flagged == true && !generation.ChannelNsfw;

    /// <summary>Never posted, so never kept either: what nobody was shown is not the server's to share.</summary>
    public static bool Withheld(Generation generation, GeneratedImage image, GuildSettings settings) =>
        Hidden(generation, image) && settings.SafetyPolicy == SafetyPolicy.Withhold;

    public static bool Spoiler(Generation generation, GeneratedImage image, GuildSettings settings) =>
        Hidden(generation, image) && settings.SafetyPolicy == SafetyPolicy.Spoiler;
}
