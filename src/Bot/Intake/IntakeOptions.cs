using System.ComponentModel.DataAnnotations;

namespace DreamBot.Bot.Intake;

/// <summary>How many requests the Bot records at once, and how long one waits for its turn before it is told to retry.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>
    /// Requests recorded at the same time, each on one pooled connection: keep it below the Bot's pool size
    /// (<c>Maximum Pool Size</c>), which the other commands, the position updates and Hangfire share.
    /// </summary>
    [Range(1, 500, ErrorMessage = "must be from 1 to 500")]
    public int MaxConcurrent { get; set; } = 16;

    /// <summary>
    /// Requests of one user that may be in line at once (each is recorded after the one before); past that, the user
    /// is told at once that their last request is still being recorded.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000")]
    public int MaxPerUser { get; set; } = 16;

    /// <summary>
    /// Requests one user may send in a row before the pace below applies; past both, the user is told at once to slow
    /// down, before any database work, so one user's flood costs the others nothing.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000")]
    public int PerUserBurst { get; set; } = 20;

    /// <summary>Requests one user may send per minute once their burst is spent.</summary>
    [Range(1, 60_000, ErrorMessage = "must be from 1 to 60000")]
    public int PerUserPerMinute { get; set; } = 60;

    /// <summary>Requests that may wait for a turn; past that, a new one is told at once that DreamBot is busy.</summary>
    [Range(0, 100_000, ErrorMessage = "must be from 0 to 100000")]
    public int MaxWaiting { get; set; } = 256;

    /// <summary>How long a request waits for its turn before it is told that DreamBot is busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "must be from 0 to 10 s")]
    public TimeSpan BusyAfter { get; set; } = TimeSpan.FromSeconds(2);
}
