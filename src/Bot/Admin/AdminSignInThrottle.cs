using System.Net;

namespace DreamBot.Bot.Admin;

/// <summary>
/// Failed admin sign-ins (form or bearer) per client address; past <see cref="MaxFailures"/> within <see cref="Window"/>,
/// the address is refused until its oldest counted failure leaves the window, so a token cannot be guessed at speed.
/// </summary>
public sealed class AdminSignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Bounds the memory an attacker rotating addresses can make this use; expired entries are dropped first.
    private const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];
    private readonly Lock _lock = new();

    /// <summary>How long <paramref name="client"/> must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress? client)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (client is null || !_failures.TryGetValue(client, out var failures))
                return null;
            Expire(failures, now);
            return failures.Count >= MaxFailures ? failures.Peek() + Window - now : null;
        }
    }

    public void RecordFailure(IPAddress? client)
    {
        if (client is null)
            return;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(client, out var failures))
            {
                if (_failures.Count >= MaxAddresses)
                    Prune(now);
                _failures[client] = failures = new Queue<DateTimeOffset>();
            }
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures.ToList())
        {
            Expire(failures, now);
            if (failures.Count == 0)
                _failures.Remove(address);
        }
        if (_failures.Count >= MaxAddresses)
            _failures.Clear();
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.TryPeek(out var oldest) && now - oldest >= Window)
            failures.Dequeue();
    }
}
