namespace DreamBot.Shared.Data;

/// <summary>
/// Where one guild stands in one model's fair order (<c>FairQueue</c>). Guild 0 stands for direct messages.
/// Written by the database as requests are queued (the <c>dreambot.assign_queue_round</c> trigger) and by each claim.
/// </summary>
public sealed class QueueGuild
{
    public string Model { get; set; } = "";

    public long GuildKey { get; set; }

    /// <summary>The round of the guild's next request across guilds; each request claimed moves it on by one.</summary>
    public int Base { get; set; }

    /// <summary>The latest user round claimed in this guild: a request queued when nothing of the guild waits starts after it.</summary>
    public int Turn { get; set; }
}
