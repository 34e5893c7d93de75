using System.Text.Json;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Shared.Discord;

/// <summary>A body as the REST client would send it, checked against Discord's OpenAPI schema for the route.</summary>
public static class DiscordPayloads
{
    public static JsonElement Sent(InteractionResponse response, string method, string route) =>
        Validated(DiscordContent.Json(response), method, route);

    public static JsonElement Sent(MessagePayload payload, string method, string route) =>
        Validated(DiscordContent.Message(payload, null), method, route);

    /// <summary>Title, description, field names and values and footer text of all embeds: what Discord caps at 6,000.</summary>
    public static int EmbedText(JsonElement message) => !message.TryGetProperty("embeds", out var embeds) ? 0 : embeds.EnumerateArray().Sum(e =>
        Length(e, "title") + Length(e, "description")
        + (e.TryGetProperty("fields", out var fields) ? fields.EnumerateArray().Sum(f => Length(f, "name") + Length(f, "value")) : 0)
        + (e.TryGetProperty("footer", out var footer) ? Length(footer, "text") : 0));

    private static int Length(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Length : 0;

    private static JsonElement Validated(HttpContent content, string method, string route)
    {
        using (content)
        {
            var json = JsonDocument.Parse(content.ReadAsByteArrayAsync().GetAwaiter().GetResult()).RootElement.Clone();
            Assert.Empty(DiscordOpenApiValidator.Instance.Validate(method, route, json));
            return json;
        }
    }
}
