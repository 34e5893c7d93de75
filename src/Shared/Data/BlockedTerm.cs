namespace DreamBot.Shared.Data;

public sealed class BlockedTerm
{
    public long Id { get; set; }
    public long GuildId { get; set; }
    public string Term { get; set; } = "";

    /// <summary>Lower-cased, accents stripped: what prompts are matched against.</summary>
    public string NormalizedTerm { get; set; } = "";
    public long AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}
