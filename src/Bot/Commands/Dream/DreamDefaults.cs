using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Commands.Dream;

/// <summary>What shapes a /dream before it is validated: the guild's caps and the user's own preferences.</summary>
public sealed record DreamDefaults(DreamLimits Limits, UserPreferences? Preferences, long? ModeratorRoleId = null)
{
    public static DreamDefaults Standard { get; } = new(DreamLimits.Default, null);
}
