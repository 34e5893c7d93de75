using DreamBot.Shared.Data;

namespace DreamBot.Bot.Usage;

/// <summary>The day and week a guild's quotas count, by its reset rule.</summary>
public readonly record struct QuotaWindows(QuotaReset Reset, QuotaWindow Day, QuotaWindow Week)
{
    public static QuotaWindows For(GuildSettings? settings, DateTimeOffset now)
    {
        var reset = settings?.QuotaReset ?? QuotaReset.UtcDaily;
        return new(reset, QuotaWindow.Daily(reset, now), QuotaWindow.Weekly(reset, now));
    }
}
