using System.Text.Json.Serialization;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Bot.Interactions;

/// <summary>
/// The answer to an interaction, sent either to <c>POST /interactions/{id}/{token}/callback</c> (Gateway mode) or as
/// the HTTP response body (HTTP mode); serialise with <see cref="DiscordJson.Options"/> in both cases.
/// </summary>
[JsonConverter(typeof(InteractionResponseJsonConverter))]
public sealed record InteractionResponse(InteractionCallbackType Type, MessagePayload? Data = null)
{
    /// <summary>The suggestions of an autocomplete result, sent as its data instead of a message.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    public static InteractionResponse Pong { get; } = new(InteractionCallbackType.Pong);

    public static InteractionResponse Message(MessagePayload data) => new(InteractionCallbackType.ChannelMessageWithSource, data);

    /// <summary>"Bot is thinking…"; the result later replaces it through the webhook's @original message.</summary>
    public static InteractionResponse Defer(bool ephemeral = false) =>
        new(InteractionCallbackType.DeferredChannelMessageWithSource,
            ephemeral ? new MessagePayload { Flags = MessageFlags.Ephemeral } : null);

    public static InteractionResponse DeferUpdate { get; } = new(InteractionCallbackType.DeferredUpdateMessage);

    public static InteractionResponse UpdateMessage(MessagePayload data) => new(InteractionCallbackType.UpdateMessage, data);

    /// <summary>Up to 25 suggestions for the option the user is typing.</summary>
    public static InteractionResponse Autocomplete(IEnumerable<ApplicationCommandOptionChoice> choices) =>
        new(InteractionCallbackType.ApplicationCommandAutocompleteResult) { Choices = [.. choices.Take(25)] };
}
