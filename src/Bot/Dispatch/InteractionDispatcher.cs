using DreamBot.Bot.DirectMessages;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Replies;

namespace DreamBot.Bot.Dispatch;

/// <summary>
/// The one place both transports hand interactions to. It always produces an acknowledgement inside Discord's
/// deadline: the command's reply if it is ready within the budget, otherwise a deferral that the reply later replaces.
/// </summary>
public sealed partial class InteractionDispatcher(
    CommandRegistry commands,
    ComponentRegistry components,
    DeferredReplyDelivery deferred,
    AcknowledgementBudget budgets,
    InteractionDrain drain,
    DirectMessagePolicy directMessages,
    ILogger<InteractionDispatcher> logger)
{
    public const string UnknownCommand = "Unknown command";
    public const string InactiveComponent = "This button is no longer active.";
    public const string Restarting = "DreamBot is restarting; please try again in a minute.";

    private readonly TimeSpan _budget = budgets.Handler;
    private readonly TimeSpan _queueingBudget = budgets.Queueing;

    /// <summary>
    /// Decides the acknowledgement, sends it through <paramref name="acknowledge"/> (the HTTP response or the
    /// callback route), and returns it. A deferred reply is delivered only after the acknowledgement was sent.
    /// </summary>
    public async Task<InteractionResponse> DispatchAsync(
        Interaction interaction, Func<InteractionResponse, CancellationToken, Task> acknowledge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(acknowledge);
        if (!drain.TryEnter())
        {
            // Shutting down: answer at once instead of starting work the process may not live to finish.
            var refusal = CommandReply.Private(Restarting).ToResponse();
            await acknowledge(refusal, cancellationToken);
            return refusal;
        }
        var handedOver = false;
        try
        {
            var (ack, reply, pending) = await DecideAsync(interaction, cancellationToken);
            await acknowledge(ack, cancellationToken);
            if (reply is not null)
                await deferred.RunOnDeliveredAsync(interaction, reply);
            if (pending is not null)
            {
                handedOver = true;
                _ = DeliverThenExitAsync(interaction, ack, pending);
            }
            return ack;
        }
        finally
        {
            if (!handedOver)
                drain.Exit();
        }
    }

    private async Task DeliverThenExitAsync(Interaction interaction, InteractionResponse deferral, Task<CommandReply> pending)
    {
        try
        {
            await deferred.DeliverAsync(interaction, deferral, pending, drain.Abandoned);
        }
        finally
        {
            drain.Exit();
        }
    }

    /// <summary>The acknowledgement; the reply it carries, or the handler still working on one after a deferral.</summary>
    private sealed record Decision(InteractionResponse Ack, CommandReply? Reply = null, Task<CommandReply>? Pending = null)
    {
        public static implicit operator Decision(InteractionResponse ack) => new(ack);

        public static Decision Answer(CommandReply reply) => new(reply.ToResponse(), reply);
    }

    private async Task<Decision> DecideAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        switch (interaction.Type)
        {
            case InteractionType.Ping:
                return InteractionResponse.Pong;
            // Discord may still deliver commands registered before direct messages were turned off.
            case InteractionType.ApplicationCommandAutocomplete when directMessages.Refusal(interaction) is not null:
                return InteractionResponse.Autocomplete([]);
            case not InteractionType.ApplicationCommandAutocomplete when directMessages.Refusal(interaction) is { } refusal:
                return Decision.Answer(CommandReply.Private(refusal));
            case InteractionType.ApplicationCommand when commands.Find(interaction.Data?.Name) is { } command:
                return await RunWithinBudgetAsync("/" + command.Definition.Name, ct => command.HandleAsync(interaction, ct),
                    InteractionResponse.Defer(), command.Queues ? _queueingBudget : _budget, interaction, cancellationToken);
            case InteractionType.ApplicationCommandAutocomplete:
                return await SuggestAsync(interaction, cancellationToken);
            case InteractionType.MessageComponent when components.Find(interaction.Data?.CustomId) is { } button:
                // Deferred as an update, a late reply can still replace the message the button was clicked on.
                return await RunWithinBudgetAsync(button.Handler.CustomIdPrefix, ct => button.Handler.HandleAsync(interaction, button.Argument, ct),
                    button.Handler.RepliesWithNewMessage ? InteractionResponse.Defer() : InteractionResponse.DeferUpdate,
                    button.Handler.RepliesWithNewMessage ? _queueingBudget : _budget, interaction, cancellationToken);
            case InteractionType.ApplicationCommand:
                LogUnknownCommand(logger, interaction.Data?.Name, interaction.Id);
                return Decision.Answer(CommandReply.Private(UnknownCommand));
            default:
                LogUnhandled(logger, interaction.Type, interaction.Id);
                return Decision.Answer(CommandReply.Private(InactiveComponent));
        }
    }

    private async Task<Decision> RunWithinBudgetAsync(
        string name, Func<CancellationToken, Task<CommandReply>> handle, InteractionResponse deferral, TimeSpan budget,
        Interaction interaction, CancellationToken cancellationToken)
    {
        // The handler outlives this request when it is deferred, so it is bound to the drain, not to the request.
        var handler = RunSafelyAsync(name, handle, interaction, drain.Abandoned);
        using var budgetCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (await Task.WhenAny(handler, Task.Delay(budget, budgets.Time, budgetCancellation.Token)) == handler)
        {
            await budgetCancellation.CancelAsync();
            return Decision.Answer(await handler);
        }

        LogDeferred(logger, name, interaction.Id, budget.TotalMilliseconds);
        return new Decision(deferral, Pending: handler);
    }

    /// <summary>Suggestions within the budget, or none: Discord accepts no deferral for an autocomplete.</summary>
    private async Task<InteractionResponse> SuggestAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (commands.Find(interaction.Data?.Name) is not IAutocompleteCommand command)
            return InteractionResponse.Autocomplete([]);
        using var timeout = new CancellationTokenSource(_budget, budgets.Time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return InteractionResponse.Autocomplete(await command.SuggestAsync(interaction, budget.Token));
        }
// An empty list is the honest answer when suggestions fail.
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, "/" + command.Definition.Name + " autocomplete", interaction.Id);
            return InteractionResponse.Autocomplete([]);
        }
    }

    private async Task<CommandReply> RunSafelyAsync(
        string name, Func<CancellationToken, Task<CommandReply>> handle, Interaction interaction, CancellationToken cancellationToken)
    {
        try
        {
            // Yield so a handler that blocks synchronously cannot hold up the acknowledgement.
            await Task.Yield();
            return await handle(cancellationToken);
        }
// Any failure must become the "try again" reply, never silence.
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, name, interaction.Id);
            return CommandReply.Private(CommandReply.Unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown command /{Name} in interaction {InteractionId}")]
    private static partial void LogUnknownCommand(ILogger logger, string? name, long interactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "No handler for {Type} interaction {InteractionId}")]
    private static partial void LogUnhandled(ILogger logger, InteractionType type, long interactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} in interaction {InteractionId} took over {BudgetMs} ms; acknowledged with a deferral")]
    private static partial void LogDeferred(ILogger logger, string name, long interactionId, double budgetMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Name} failed for interaction {InteractionId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string name, long interactionId);
}
