namespace DreamBot.Shared.Domain;

/// <summary>Who asked, where, and the interaction the result is delivered through. Snowflakes are stored as long.</summary>
public sealed record DreamRequestOrigin(
    long UserId,
    string UserName,
    long? GuildId,
    long ChannelId,
    bool ChannelNsfw,
    long ApplicationId,
    long InteractionId,
    string InteractionToken);
