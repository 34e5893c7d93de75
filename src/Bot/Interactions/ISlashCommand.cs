using DreamBot.Bot.ApplicationCommands;

namespace DreamBot.Bot.Interactions;

/// <summary>One slash command: what Discord is told about it, and what happens when it is used.</summary>
public interface ISlashCommand
{
    ApplicationCommand Definition { get; }

    /// <summary>
    /// Answers the interaction. The dispatcher waits a short budget for this; if it takes longer, Discord is sent a
    /// deferred acknowledgement and the reply replaces it when it arrives.
    /// </summary>
    Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the command records a request to render: it is given the short queueing budget, so a burst that keeps
    /// the database busy never holds up its acknowledgement.
    /// </summary>
    bool Queues => false;
}
