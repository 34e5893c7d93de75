using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Bot.Interactions;

/// <summary>How interaction JSON is read: snake_case names, snowflakes as strings, enums as numbers.</summary>
public static class InteractionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses an interaction; null when the JSON is malformed or lacks the fields every interaction has.</summary>
    public static Interaction? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            return Validate(JsonSerializer.Deserialize<Interaction>(json, Options));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static Interaction? TryParse(JsonElement element)
    {
        try
        {
            return Validate(element.Deserialize<Interaction>(Options));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Interaction? Validate(Interaction? interaction) =>
        interaction is { Id: > 0, Type: > 0 } && Enum.IsDefined(interaction.Type)
            && (interaction.Type == InteractionType.Ping || interaction.Token.Length > 0)
            ? interaction
            : null;
}
