using System.ComponentModel.DataAnnotations;

namespace DreamBot.Bot.Discord;

/// <summary>Timing of interaction handling; Discord drops an interaction not acknowledged within 3 s.</summary>
public sealed class InteractionOptions
{
    public const string Section = "Discord:Interactions";

    /// <summary>How long a command may take before a deferred acknowledgement is sent instead of its reply.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:02.500", ErrorMessage = "must be between 50 ms and 2.5 s (Discord's deadline is 3 s)")]
    public TimeSpan HandlerBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far a signed request's timestamp may be from now before it is treated as a replay.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "must be between 5 s and 1 h")]
    public TimeSpan MaxSignatureAge { get; set; } = TimeSpan.FromMinutes(5);
}
