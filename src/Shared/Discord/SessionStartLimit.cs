using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

public sealed record SessionStartLimit(
    int Total,
    int Remaining,
    [property: JsonPropertyName("reset_after")] long ResetAfterMs,
    int MaxConcurrency)
{
    [JsonIgnore]
    public TimeSpan ResetAfter => TimeSpan.FromMilliseconds(ResetAfterMs);
}
