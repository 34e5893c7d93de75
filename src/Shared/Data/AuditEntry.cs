namespace DreamBot.Shared.Data;

/// <summary>A moderator action: who did what to whom, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long GuildId { get; set; }
    public long ActorId { get; set; }
    public string Action { get; set; } = "";
    public long? TargetUserId { get; set; }
    public string Details { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
