namespace DreamBot.Bot.Gateway;

/// <summary>What a dropped connection needs to resume: the session, where to resume it, and the last sequence seen.</summary>
public sealed class GatewaySession
{
    private long _sequence = -1;
    private volatile bool _live;

    public string? SessionId { get; private set; }
    public Uri? ResumeUrl { get; private set; }

    /// <summary>The last dispatch sequence number, or null before the first dispatch.</summary>
    public long? Sequence => Interlocked.Read(ref _sequence) is var s and >= 0 ? s : null;

    public bool CanResume => SessionId is not null && ResumeUrl is not null;

    /// <summary>True between READY (or RESUMED) and the end of that connection: interactions can arrive.</summary>
    public bool IsLive => _live;

    public void Observe(long sequence)
    {
        // Dispatches can be observed out of order by concurrent readers; keep the highest.
        long current;
        while (sequence > (current = Interlocked.Read(ref _sequence)))
        {
            if (Interlocked.CompareExchange(ref _sequence, sequence, current) == current)
                return;
        }
    }

    public void Ready(string sessionId, Uri resumeUrl)
    {
        SessionId = sessionId;
        ResumeUrl = resumeUrl;
        _live = true;
    }

    public void Resumed() => _live = true;

    public void Disconnected() => _live = false;

    public void Reset()
    {
        SessionId = null;
        ResumeUrl = null;
        Interlocked.Exchange(ref _sequence, -1);
    }
}
