using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>The parts of Discord's message object DreamBot reads back.</summary>
public sealed record DiscordMessage
{
    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long Id { get; init; }

    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long ChannelId { get; init; }

    public string Content { get; init; } = "";
    public IReadOnlyList<Embed> Embeds { get; init; } = [];
    public IReadOnlyList<DiscordAttachment> Attachments { get; init; } = [];
    public IReadOnlyList<ActionRow> Components { get; init; } = [];
    public MessageFlags Flags { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public DateTimeOffset? EditedTimestamp { get; init; }
}
