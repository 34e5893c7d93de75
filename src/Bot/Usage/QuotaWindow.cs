using DreamBot.Shared.Data;

namespace DreamBot.Bot.Usage;

/// <summary>Where a quota period starts and when it next resets, for UTC-daily or rolling quotas.</summary>
public readonly record struct QuotaWindow(DateTimeOffset Since, DateTimeOffset ResetsAt)
{
    public static QuotaWindow Daily(QuotaReset reset, DateTimeOffset now) => reset switch
    {
        QuotaReset.Rolling => new(now.AddDays(-1), now.AddDays(1)),
        _ => new(StartOfUtcDay(now), StartOfUtcDay(now).AddDays(1)),
    };

    public static QuotaWindow Weekly(QuotaReset reset, DateTimeOffset now)
    {
        if (reset == QuotaReset.Rolling)
            return new(now.AddDays(-7), now.AddDays(7));
        var day = StartOfUtcDay(now);
        // ISO weeks start on Monday.
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new(monday, monday.AddDays(7));
    }

    private static DateTimeOffset StartOfUtcDay(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }
}
