using DreamBot.Bot.Discord.Interactions;

namespace DreamBot.Bot.Commands;

/// <summary>Handles clicks on buttons whose custom_id starts with <see cref="CustomIdPrefix"/>; the rest of the id is the argument.</summary>
public interface IComponentHandler
{
    string CustomIdPrefix { get; }

    Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken);
}
