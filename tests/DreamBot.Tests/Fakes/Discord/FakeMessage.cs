using System.Globalization;
using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>A message as the fake stores it: the latest content, embeds, components and attachments.</summary>
public sealed class FakeMessage(long id, long channelId, long authorId, long? webhookId, DateTimeOffset timestamp)
{
    public long Id { get; } = id;
    public long ChannelId { get; } = channelId;
    public long AuthorId { get; } = authorId;

    /// <summary>Set for messages sent through an interaction's webhook.</summary>
    public long? WebhookId { get; } = webhookId;

    public DateTimeOffset Timestamp { get; } = timestamp;
    public DateTimeOffset? EditedTimestamp { get; internal set; }
    public string Content { get; internal set; } = "";
    public JsonArray Embeds { get; internal set; } = [];
    public JsonArray Components { get; internal set; } = [];
    public IReadOnlyList<FakeAttachment> Attachments { get; internal set; } = [];
    public int Flags { get; internal set; }

    /// <summary>The allowed_mentions of the latest create or edit; null when it was omitted.</summary>
    public JsonNode? AllowedMentions { get; internal set; }

    public int EditCount { get; internal set; }
    public bool Deleted { get; internal set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id.ToString(CultureInfo.InvariantCulture),
        ["type"] = 0,
        ["channel_id"] = ChannelId.ToString(CultureInfo.InvariantCulture),
        ["author"] = new JsonObject
        {
            ["id"] = AuthorId.ToString(CultureInfo.InvariantCulture),
            ["username"] = "DreamBot",
            ["discriminator"] = "0",
            ["bot"] = true,
        },
        ["content"] = Content,
        ["embeds"] = Embeds.DeepClone(),
        ["components"] = Components.DeepClone(),
        ["attachments"] = new JsonArray([.. Attachments.Select(AttachmentJson)]),
        ["flags"] = Flags,
        ["timestamp"] = Timestamp.ToString("O", CultureInfo.InvariantCulture),
        ["edited_timestamp"] = EditedTimestamp?.ToString("O", CultureInfo.InvariantCulture),
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["mention_roles"] = new JsonArray(),
        ["pinned"] = false,
        ["webhook_id"] = WebhookId?.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonNode AttachmentJson(FakeAttachment a) => new JsonObject
    {
        ["id"] = a.Id.ToString(CultureInfo.InvariantCulture),
        ["filename"] = a.Filename,
        ["description"] = a.Description,
        ["content_type"] = a.ContentType,
        ["size"] = a.Content.Length,
        ["url"] = a.Url,
        ["proxy_url"] = a.ProxyUrl,
    };
}
