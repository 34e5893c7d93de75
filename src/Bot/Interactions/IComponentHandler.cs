namespace DreamBot.Bot.Interactions;

/// <summary>Handles clicks on buttons whose custom_id starts with <see cref="CustomIdPrefix"/>; the rest of the id is the argument.</summary>
public interface IComponentHandler
{
    string CustomIdPrefix { get; }

    /// <summary>
    /// Whether an accepted click is answered with a message of its own (a queued request, which the Worker later edits
    /// into its progress and result through @original). A click that misses the budget is then deferred as a new
    /// message; deferred as an update, @original would be the message clicked, and the Worker would overwrite it.
    /// </summary>
    bool RepliesWithNewMessage => false;

    Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken);
}
