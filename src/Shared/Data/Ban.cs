namespace DreamBot.Shared.Data;

public sealed class Ban
{
    public long Id { get; set; }
    public long GuildId { get; set; }
    public long UserId { get; set; }
    public string Reason { get; set; } = "";
    public long BannedBy { get; set; }
    public DateTimeOffset BannedAt { get; set; }
}
