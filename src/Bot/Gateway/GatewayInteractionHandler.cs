using System.Text.Json;
using DreamBot.Bot.Dispatch;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;

namespace DreamBot.Bot.Gateway;

/// <summary>INTERACTION_CREATE: each interaction once, acknowledged through the callback route.</summary>
public sealed partial class GatewayInteractionHandler(
    InteractionDispatcher dispatcher, DiscordRestClient rest, RecentInteractions recent, InteractionDrain drain, ILogger<GatewayInteractionHandler> logger)
{
    /// <summary>
    /// Not bound to the gateway session: an interaction that arrived is acknowledged even while the socket closes for
    /// shutdown; only the end of the grace period cancels it.
    /// </summary>
    public async Task HandleAsync(JsonElement data)
    {
        var cancellationToken = drain.Abandoned;
        if (InteractionJson.TryParse(data) is not { } interaction)
        {
            LogMalformed(logger);
            return;
        }

        if (!recent.TryAdd(interaction.Id))
        {
            LogDuplicate(logger, interaction.Id);
            return;
        }

        try
        {
            await dispatcher.DispatchAsync(
                interaction,
                (response, ct) => rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, cancellationToken: ct),
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down; Discord will show the interaction as failed, which is the truth.
        }
// Nobody awaits this task (it runs beside the receive loop): log every failure here.
        catch (Exception ex)
        {
            LogAckFailed(logger, ex, interaction.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed INTERACTION_CREATE")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction {InteractionId} was already handled; ignoring the replay")]
    private static partial void LogDuplicate(ILogger logger, long interactionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not acknowledge interaction {InteractionId}")]
    private static partial void LogAckFailed(ILogger logger, Exception exception, long interactionId);
}
