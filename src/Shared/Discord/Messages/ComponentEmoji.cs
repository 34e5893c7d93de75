using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>A unicode emoji (name only) or a custom one (name and id).</summary>
public sealed record ComponentEmoji(string Name)
{
    [JsonConverter(typeof(NullableSnowflakeJsonConverter))]
    public long? Id { get; init; }
}
