using System.Globalization;

namespace DreamBot.Bot.Queue;

public static class WaitText
{
    /// <summary>"about 40 s", "about 3 min": a wait as a person would say it.</summary>
    public static string Format(TimeSpan wait) => wait.TotalSeconds switch
    {
        < 5 => "a few seconds",
        < 90 => string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(wait.TotalSeconds / 5) * 5:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"about {Math.Ceiling(wait.TotalMinutes):0} min"),
    };
}
