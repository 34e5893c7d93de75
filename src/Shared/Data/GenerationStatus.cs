namespace DreamBot.Shared.Data;

public enum GenerationStatus
{
    Queued,
    Running,

    /// <summary>Rendered; its job holds the sole right to post the result, so it can no longer be cancelled.</summary>
    Posting,
    Succeeded,
    Failed,
    Cancelled,
}
