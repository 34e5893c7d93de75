namespace DreamBot.Bot.Intake;

/// <summary>
/// Each user's pace as a token bucket: <c>burst</c> requests in a row, refilled at <c>perSecond</c>. Only users who
/// spent some of their burst have an entry; full buckets are dropped as the map grows, so it stays the size of the
/// users active in the last minute or so.
/// </summary>
internal sealed class UserPace(int burst, double perSecond, TimeProvider time)
{
    private const int PruneAt = 10_000;
    private readonly Dictionary<long, Bucket> _buckets = [];

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset At;
    }

    public bool HasRoom(long userId)
    {
        lock (_buckets)
            return !_buckets.TryGetValue(userId, out var bucket) || Refill(bucket, time.GetUtcNow()) >= 1;
    }

    public bool TryTake(long userId)
    {
        var now = time.GetUtcNow();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(userId, out var bucket))
            {
                if (_buckets.Count >= PruneAt)
                    Prune(now);
                _buckets[userId] = bucket = new Bucket { Tokens = burst, At = now };
            }
            if (Refill(bucket, now) < 1)
                return false;
            bucket.Tokens--;
            return true;
        }
    }

    private double Refill(Bucket bucket, DateTimeOffset now)
    {
        bucket.Tokens = Math.Min(burst, bucket.Tokens + (now - bucket.At).TotalSeconds * perSecond);
        bucket.At = now;
        return bucket.Tokens;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (user, bucket) in _buckets.Where(b => Refill(b.Value, now) >= burst).ToList())
            _buckets.Remove(user);
    }
}
