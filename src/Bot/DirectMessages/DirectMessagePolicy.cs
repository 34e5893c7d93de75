using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.DirectMessages;

/// <summary>
/// What DreamBot allows outside a server. Commands are registered for the contexts allowed here, and an interaction
/// from a context that is not (an older registration Discord still delivers) is refused before any handler runs.
/// </summary>
public sealed class DirectMessagePolicy(IOptions<DirectMessagesOptions> options)
{
    public const string Disabled = "DreamBot works only in servers; direct messages are turned off. Use its commands in a server you share with it.";

    public const string Banned = "Sorry, you can't use DreamBot in direct messages while a server has banned you from it.";

    private readonly DirectMessagesOptions _options = options.Value;

    public double DailyUnits => _options.DailyUnits;

    /// <summary>The contexts of a command that declares none of its own.</summary>
    public IReadOnlyList<InteractionContextType> Contexts { get; } = options.Value.Enabled
        ? [InteractionContextType.Guild, InteractionContextType.BotDm]
        : [InteractionContextType.Guild];

    /// <summary>Why <paramref name="interaction"/> is refused here, or null when it may be handled.</summary>
    public string? Refusal(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction.GuildId is null && !_options.Enabled ? Disabled : null;
    }
}
