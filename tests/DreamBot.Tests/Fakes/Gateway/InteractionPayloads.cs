using System.Globalization;
using System.Text.Json.Nodes;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>
/// Interactions shaped as Discord documents them: snowflakes as strings, member with a permissions string,
/// a partial channel, the token and attachment_size_limit.
/// </summary>
public static class InteractionPayloads
{
    public const long ApplicationId = FakeDiscord.ApplicationId;
    public const long GuildId = 1100000000000000012;
    public const long ChannelId = 1100000000000000003;
    public const long UserId = 1100000000000000004;
    private static long _nextId = 1200000000000000000;

    public static long NextId() => Interlocked.Increment(ref _nextId);

    public static JsonObject Ping(long? id = null) => new()
    {
        ["id"] = Snowflake(id ?? NextId()),
        ["application_id"] = Snowflake(ApplicationId),
        ["type"] = 1,
        ["token"] = "ping-token",
        ["version"] = 1,
    };

    /// <summary>A slash command invocation; <paramref name="options"/> are (name, type, value) triples.</summary>
    public static JsonObject Command(string name, IEnumerable<(string Name, int Type, JsonNode? Value)>? options = null,
        long? id = null, string? token = null, JsonObject? resolved = null, long attachmentSizeLimit = 26_214_400)
    {
        var data = new JsonObject
        {
            ["id"] = Snowflake(1300000000000000000),
            ["name"] = name,
            ["type"] = 1,
            ["options"] = new JsonArray([.. (options ?? []).Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Name,
                ["type"] = o.Type,
                ["value"] = o.Value,
            })]),
        };
        if (resolved is not null)
            data["resolved"] = resolved;

        var interactionId = id ?? NextId();
        return new JsonObject
        {
            ["id"] = Snowflake(interactionId),
            ["application_id"] = Snowflake(ApplicationId),
            ["type"] = 2,
            ["data"] = data,
            ["guild_id"] = Snowflake(GuildId),
            ["channel_id"] = Snowflake(ChannelId),
            ["channel"] = new JsonObject { ["id"] = Snowflake(ChannelId), ["type"] = 0, ["name"] = "art", ["nsfw"] = false },
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = Snowflake(UserId), ["username"] = "painter", ["global_name"] = "Painter", ["discriminator"] = "0" },
                ["roles"] = new JsonArray(Snowflake(1100000000000000009)),
                ["permissions"] = "2248473465835073",
                ["joined_at"] = "2024-01-01T00:00:00.000000+00:00",
            },
            ["token"] = token ?? "token-" + interactionId.ToString(CultureInfo.InvariantCulture),
            ["version"] = 1,
            ["app_permissions"] = "2248473465835073",
            ["locale"] = "en-US",
            ["guild_locale"] = "en-US",
            ["attachment_size_limit"] = attachmentSizeLimit,
            ["context"] = 0,
        };
    }

    public static JsonObject Dream(string prompt = "a lighthouse at dusk", long? id = null, string? token = null,
        params (string Name, int Type, JsonNode? Value)[] more) =>
        Command("dream", [("prompt", 3, prompt), .. more], id, token);

    /// <summary>A /dream with an attachment option and its resolved entry.</summary>
    public static JsonObject DreamWithImage(long sizeBytes, string contentType, long attachmentSizeLimit = 26_214_400,
        params (string Name, int Type, JsonNode? Value)[] more)
    {
        const long attachmentId = 1400000000000000001;
        var resolved = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                [Snowflake(attachmentId)] = new JsonObject
                {
                    ["id"] = Snowflake(attachmentId),
                    ["filename"] = "start.png",
                    ["size"] = sizeBytes,
                    ["url"] = "https://cdn.discordapp.com/ephemeral-attachments/1/2/start.png",
                    ["proxy_url"] = "https://media.discordapp.net/ephemeral-attachments/1/2/start.png",
                    ["content_type"] = contentType,
                    ["width"] = 512,
                    ["height"] = 512,
                    ["ephemeral"] = true,
                },
            },
        };
        return Command("dream", [("prompt", 3, "a lighthouse"), ("image", 11, Snowflake(attachmentId)), .. more],
            resolved: resolved, attachmentSizeLimit: attachmentSizeLimit);
    }

    public static string Snowflake(long id) => id.ToString(CultureInfo.InvariantCulture);
}
