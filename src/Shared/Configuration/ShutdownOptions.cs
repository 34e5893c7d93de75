using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Configuration;

public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long a stopping process may drain (the host's shutdown timeout). Keep it below the orchestrator's kill
    /// deadline (compose <c>stop_grace_period</c>) and, on the Worker, above Queue:ShutdownTimeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between 1 s and 1 h")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
