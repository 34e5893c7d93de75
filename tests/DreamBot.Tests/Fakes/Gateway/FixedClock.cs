namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>A clock whose "now" the test sets; timers still run in real time.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
