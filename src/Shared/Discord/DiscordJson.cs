using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

/// <summary>How Discord payloads are written and read: snake_case names, and absent rather than null optional fields.</summary>
public static class DiscordJson
{
    // Null means "leave unchanged" on Discord's PATCH routes, so unset optional fields must be omitted, not sent as null.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A component's "type" picks its record (see MessageComponent); Discord need not send it first.
        AllowOutOfOrderMetadataProperties = true,
    };
}
