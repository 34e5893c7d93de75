namespace DreamBot.Shared.Data;

public enum GenerationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
