using System.Globalization;

namespace DreamBot.Bot.Usage;

/// <summary>A user's allowance and usage in cost units. A null limit means unlimited.</summary>
public sealed record QuotaStatus(
    double? DailyLimit,
    double UsedToday,
    DateTimeOffset DailyResetsAt,
    double? WeeklyLimit,
    double UsedThisWeek,
    DateTimeOffset WeeklyResetsAt,
    double? GuildDailyLimit,
    double GuildUsedToday)
{
    public double? RemainingToday => DailyLimit is { } limit ? Math.Max(0, limit - UsedToday) : null;

    /// <summary>Why a request of <paramref name="cost"/> units does not fit, in words a user can act on; null when it fits.</summary>
    public string? RefusalFor(double cost)
    {
        if (DailyLimit is { } daily && UsedToday + cost > daily + 1e-9)
            return Format($"This needs {cost:0.##} units but you have {Math.Max(0, daily - UsedToday):0.##} of your {daily:0.##} left today. Try fewer steps, a smaller size or count, or wait until your allowance resets <t:{DailyResetsAt.ToUnixTimeSeconds()}:R>.");
        if (WeeklyLimit is { } weekly && UsedThisWeek + cost > weekly + 1e-9)
            return Format($"This needs {cost:0.##} units but you have {Math.Max(0, weekly - UsedThisWeek):0.##} of your weekly {weekly:0.##} left. Your weekly allowance resets <t:{WeeklyResetsAt.ToUnixTimeSeconds()}:R>.");
        if (GuildDailyLimit is { } guild && GuildUsedToday + cost > guild + 1e-9)
            return Format($"This server has used its {guild:0.##} units for today. It resets <t:{DailyResetsAt.ToUnixTimeSeconds()}:R>.");
        return null;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
