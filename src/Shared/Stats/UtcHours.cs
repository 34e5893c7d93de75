namespace DreamBot.Shared.Stats;

/// <summary>Hour boundaries in UTC, the rollups' unit of time.</summary>
public static class UtcHours
{
    public static DateTimeOffset Floor(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = Floor(time);
        return floor == time ? floor : floor.AddHours(1);
    }
}
