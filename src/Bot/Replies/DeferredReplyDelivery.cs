using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Bot.Replies;

/// <summary>Puts a reply that missed the acknowledgement budget in place of the deferral ("DreamBot is thinking…").</summary>
public sealed partial class DeferredReplyDelivery(DiscordRestClient rest, ILogger<DeferredReplyDelivery> logger)
{
    public const string PrivateNotice = "This request could not be taken; the details were sent only to you.";
    private static readonly TimeSpan OvertakenRetryDelay = TimeSpan.FromSeconds(1);

    public async Task DeliverAsync(Interaction interaction, InteractionResponse deferral, Task<CommandReply> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(deferral);
        ArgumentNullException.ThrowIfNull(pending);
        CommandReply? reply = null;
        try
        {
            reply = await pending;
            if (deferral.Type == InteractionCallbackType.DeferredUpdateMessage)
            {
                // @original is the message the button is on. Only a reply meant to replace it edits it; any other
                // reply follows as its own message, keeping its visibility.
                if (reply.ReplacesSourceMessage)
                    await EditOriginalAsync(interaction, reply.ToSourceReplacement(), cancellationToken);
                else
                    await rest.CreateFollowupAsync(interaction.Token, reply.ToMessage(), cancellationToken: cancellationToken);
            }
            else if (reply.Ephemeral)
            {
                // A public deferral cannot turn ephemeral, and the first follow-up would inherit its visibility;
                // so the placeholder is resolved with a neutral notice and the reply follows privately.
                await EditOriginalAsync(interaction, CommandReply.Public(PrivateNotice).ToMessage(), cancellationToken);
                await rest.CreateFollowupAsync(interaction.Token, reply.ToMessage(), cancellationToken: cancellationToken);
            }
            else
            {
                await EditOriginalAsync(interaction, reply.ToMessage(), cancellationToken);
            }
            LogDelivered(logger, interaction.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogAbandoned(logger, interaction.Id);
        }
// Nobody awaits this task: a failure is logged here or lost.
        catch (Exception ex)
        {
            LogFailed(logger, ex, interaction.Id);
        }
        // Also after a failed edit: the deferral was acknowledged, so the token works for whatever follows.
        if (reply is not null)
            await RunOnDeliveredAsync(interaction, reply);
    }

    /// <summary>Runs the reply's <see cref="CommandReply.OnDelivered"/>; a failure is logged, and the sweep repairs what it left undone.</summary>
    public async Task RunOnDeliveredAsync(Interaction interaction, CommandReply reply)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.OnDelivered is not { } onDelivered)
            return;
        try
        {
            // Not cancellable: the reply is out, so what it promised must follow even while shutting down.
            await onDelivered(CancellationToken.None);
        }
// Nobody awaits the outcome beyond this point: a failure is logged here or lost.
        catch (Exception ex)
        {
            LogOnDeliveredFailed(logger, ex, interaction.Id);
        }
    }

    private async Task EditOriginalAsync(Interaction interaction, MessagePayload message, CancellationToken cancellationToken)
    {
        try
        {
            await rest.EditOriginalResponseAsync(interaction.Token, message, cancellationToken: cancellationToken);
        }
        catch (DiscordApiException ex) when (ex.Code is DiscordErrorCodes.UnknownMessage or DiscordErrorCodes.UnknownWebhook)
        {
            // In HTTP mode Discord creates the deferred message from our response body; a reply that is ready just
            // after the deferral can overtake it. Give Discord a moment, once.
            await Task.Delay(OvertakenRetryDelay, cancellationToken);
            await rest.EditOriginalResponseAsync(interaction.Token, message, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deferred reply delivered for interaction {InteractionId}")]
    private static partial void LogDelivered(ILogger logger, long interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred reply for interaction {InteractionId} abandoned: shutting down")]
    private static partial void LogAbandoned(ILogger logger, long interactionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The follow-up to the reply for interaction {InteractionId} failed")]
    private static partial void LogOnDeliveredFailed(ILogger logger, Exception exception, long interactionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not deliver the deferred reply for interaction {InteractionId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long interactionId);
}
