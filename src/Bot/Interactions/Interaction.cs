namespace DreamBot.Bot.Interactions;

/// <summary>
/// An interaction as Discord delivers it, over HTTP or in a gateway INTERACTION_CREATE.
/// Snowflakes arrive as JSON strings and are held as <see cref="long"/>, like the database stores them.
/// </summary>
public sealed record Interaction
{
    public long Id { get; init; }
    public long ApplicationId { get; init; }
    public InteractionType Type { get; init; }
    public InteractionData? Data { get; init; }
    public long? GuildId { get; init; }
    public long? ChannelId { get; init; }
    public InteractionChannel? Channel { get; init; }
    public InteractionMember? Member { get; init; }
    public InteractionUser? User { get; init; }
    public string Token { get; init; } = "";
    public int Version { get; init; }
    public string? AppPermissions { get; init; }
    public string? Locale { get; init; }
    public string? GuildLocale { get; init; }
    public long? AttachmentSizeLimit { get; init; }

    /// <summary>For a button: the message it is on, with fresh links to its attachments.</summary>
    public InteractionMessage? Message { get; init; }

    /// <summary>In a guild the user comes inside <see cref="Member"/>; in DMs it is top-level.</summary>
    public InteractionUser? Invoker => Member?.User ?? User;

    public long? EffectiveChannelId => ChannelId ?? Channel?.Id;
}
