using System.ComponentModel.DataAnnotations;

namespace DreamBot.Bot.Dispatch;

/// <summary>Timing of interaction handling; Discord drops an interaction not acknowledged within 3 s.</summary>
public sealed class InteractionOptions
{
    public const string Section = "Discord:Interactions";

    /// <summary>
    /// How long a command may take before a deferred acknowledgement is sent instead of its reply. Discord's 3 s count
    /// from its side and include the network both ways and a busy host's scheduling, so half of it is left for those.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:02.500", ErrorMessage = "must be between 50 ms and 2.5 s (Discord's deadline is 3 s)")]
    public TimeSpan HandlerBudget { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// The budget of /dream and of the result buttons that queue a new request. A request is recorded in a few
    /// milliseconds while the database keeps up; under a burst it is not, and a deferral sent at once costs one more
    /// edit, while one sent late leaves a starved host little of Discord's 3 s. So the acknowledgement of a request
    /// never waits on the database under load.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:02.500", ErrorMessage = "must be between 50 ms and 2.5 s (Discord's deadline is 3 s)")]
    public TimeSpan QueueingBudget { get; set; } = TimeSpan.FromMilliseconds(80);

    /// <summary>
    /// How far a signed request's timestamp may be from now before it is treated as a replay. Within it, replays are
    /// caught by interaction id, which is remembered for 15 minutes; a longer window would outlive that memory.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:15:00", ErrorMessage = "must be between 5 s and 15 min")]
    public TimeSpan MaxSignatureAge { get; set; } = TimeSpan.FromMinutes(5);
}
