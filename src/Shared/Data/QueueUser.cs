namespace DreamBot.Shared.Data;

/// <summary>The last user round a member was given in one guild's queue for one model (see <see cref="QueueGuild"/>).</summary>
public sealed class QueueUser
{
    public string Model { get; set; } = "";

    public long GuildKey { get; set; }

    public long UserId { get; set; }

    public int LastRound { get; set; }
}
