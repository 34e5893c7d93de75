using System.ComponentModel.DataAnnotations;

namespace DreamBot.Bot.DirectMessages;

/// <summary>Whether DreamBot answers in direct messages, where no server's moderators, bans or quotas reach.</summary>
public sealed class DirectMessagesOptions
{
    public const string Section = "DirectMessages";

    /// <summary>Off by default: a direct message belongs to no server, so only this section's rules apply there.</summary>
    public bool Enabled { get; set; }

    /// <summary>Cost units each user may spend per UTC day in direct messages (all of them together).</summary>
    [Range(0, 1_000_000, ErrorMessage = "must be from 0 to 1000000")]
    public double DailyUnits { get; set; } = 10;
}
