using System.Text.Json;
using DreamBot.Bot.ApplicationCommands;

namespace DreamBot.Bot.Interactions;

/// <summary>One option the user filled in; sub-commands and groups carry their own options.</summary>
public sealed record InteractionOption
{
    public string Name { get; init; } = "";
    public ApplicationCommandOptionType Type { get; init; }

    /// <summary>A string, integer, double or boolean, or a snowflake string for users, channels, roles and attachments.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public bool? Focused { get; init; }
}
