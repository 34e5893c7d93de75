using DreamBot.Bot.ApplicationCommands;

namespace DreamBot.Bot.Interactions;

/// <summary>A slash command with an option whose suggestions are computed while the user types.</summary>
public interface IAutocompleteCommand : ISlashCommand
{
    /// <summary>Suggestions for the focused option; an autocomplete cannot be deferred, so this must be quick.</summary>
    Task<IReadOnlyList<ApplicationCommandOptionChoice>> SuggestAsync(Interaction interaction, CancellationToken cancellationToken);
}
