namespace DreamBot.Bot.Dispatch;

/// <summary>
/// Interaction ids seen recently. A resumed gateway session replays dispatches the bot may already have handled, and in
/// HTTP mode a captured signed request can be sent again while its signature is still fresh (5 minutes); an interaction
/// is only answerable for 15 minutes, so ids older than that can be forgotten.
/// </summary>
public sealed class RecentInteractions(TimeProvider time)
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);
    private readonly HashSet<long> _ids = [];
    private readonly Queue<(long Id, DateTimeOffset SeenAt)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is seen, false for a repeat.</summary>
    public bool TryAdd(long interactionId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && now - oldest.SeenAt > Retention)
                _ids.Remove(_order.Dequeue().Id);
            if (!_ids.Add(interactionId))
                return false;
            _order.Enqueue((interactionId, now));
            return true;
        }
    }
}
