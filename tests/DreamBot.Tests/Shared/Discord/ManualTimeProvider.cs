namespace DreamBot.Tests.Shared.Discord;

/// <summary>A clock that moves only when told, for exact assertions on computed waits.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
