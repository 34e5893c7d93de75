namespace DreamBot.Bot.ApplicationCommands;

/// <summary>A chat-input (slash) command as registered by a bulk overwrite.</summary>
public sealed record ApplicationCommand(string Name, string Description)
{
    /// <summary>1 = CHAT_INPUT (slash command).</summary>
    public int Type { get; init; } = 1;

    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>
    /// Permission bit set a member needs by default (0 = administrators only; null = everyone). Discord's docs show it
    /// as a string, but its OpenAPI document types the request field as an integer and Discord accepts a number, so
    /// it is sent as one.
    /// </summary>
    public ulong? DefaultMemberPermissions { get; init; }

    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }
    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }
    public bool? Nsfw { get; init; }
}
