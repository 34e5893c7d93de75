using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>An attachment as Discord stores it; <see cref="Url"/> is where its bytes can be downloaded.</summary>
public sealed record DiscordAttachment
{
    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long Id { get; init; }

    public string Filename { get; init; } = "";
    public string? Description { get; init; }
    public string? ContentType { get; init; }
    public int Size { get; init; }
    public string Url { get; init; } = "";
    public string ProxyUrl { get; init; } = "";
    public int? Width { get; init; }
    public int? Height { get; init; }
}
