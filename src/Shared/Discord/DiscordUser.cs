using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

public sealed record DiscordUser
{
    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long Id { get; init; }

    public string Username { get; init; } = "";
    public string? GlobalName { get; init; }
    public string? Avatar { get; init; }
    public bool Bot { get; init; }
}
