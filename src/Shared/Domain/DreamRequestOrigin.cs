namespace DreamBot.Shared.Domain;

/// <summary>Who asked, where, and the interaction the result is delivered through. Snowflakes are stored as long.</summary>
/// <param name="RoleIds">The member's roles (empty in DMs): role quota rules and the moderator role are matched on them.</param>
/// <param name="HasModeratorPermissions">The member holds Administrator or Manage Server in the guild.</param>
public sealed record DreamRequestOrigin(
    long UserId,
    string UserName,
    long? GuildId,
    long ChannelId,
    bool ChannelNsfw,
    long ApplicationId,
    long InteractionId,
    string InteractionToken,
    IReadOnlyList<long>? RoleIds = null,
    bool HasModeratorPermissions = false)
{
    public IReadOnlyList<long> Roles => RoleIds ?? [];
}
