using System.Globalization;
using System.Numerics;
using DreamBot.Bot.Interactions;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// Who may moderate: members with Administrator or Manage Server, or with the guild's moderator role. Discord hides
/// /mod from others by default, but a server can override that, so every handler checks again from the interaction.
/// </summary>
public static class ModeratorCheck
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    public static bool HasModeratorPermissions(InteractionMember? member)
    {
        // Permissions is a decimal bit set that may outgrow 64 bits; only the low bits matter here.
        if (member?.Permissions is not { Length: > 0 } text
            || !BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
            return false;
        return (bits & (Administrator | ManageGuild)) != BigInteger.Zero;
    }

    public static bool IsModerator(InteractionMember? member, long? moderatorRoleId) =>
        IsModerator(HasModeratorPermissions(member), member?.Roles ?? [], moderatorRoleId);

    /// <summary>The rule itself: the permissions, or the server's moderator role among the member's roles.</summary>
    public static bool IsModerator(bool hasModeratorPermissions, IReadOnlyList<long> roles, long? moderatorRoleId) =>
        hasModeratorPermissions || (moderatorRoleId is { } role && roles.Contains(role));
}
