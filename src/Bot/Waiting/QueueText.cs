using System.Globalization;

namespace DreamBot.Bot.Waiting;

/// <summary>How a waiting request's place is told to its requester: the acknowledgement and every later update.</summary>
public static class QueueText
{
    /// <summary>"Queued — position 3. Estimated wait about 40 s".</summary>
    public static string Queued(long position, TimeSpan? wait) =>
        string.Create(CultureInfo.InvariantCulture, $"Queued — position {position}")
        + (wait is { } w ? $". Estimated wait {Wait(w)}" : "");

    /// <summary>For a request that is recorded but whose place could not be read just then.</summary>
    public const string QueuedWithoutPosition = "Queued.";

    /// <summary>"about 40 s", "about 3 min": a wait as a person would say it.</summary>
    public static string Wait(TimeSpan wait) => wait.TotalSeconds switch
    {
        < 5 => "a few seconds",
        < 90 => string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(wait.TotalSeconds / 5) * 5:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"about {Math.Ceiling(wait.TotalMinutes):0} min"),
    };
}
