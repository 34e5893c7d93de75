using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Interactions;

/// <summary>Writes an interaction response as Discord expects: its data is a message, or for autocomplete the choices.</summary>
public sealed class InteractionResponseJsonConverter : JsonConverter<InteractionResponse>
{
    public override InteractionResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("DreamBot only sends interaction responses.");

    public override void Write(Utf8JsonWriter writer, InteractionResponse value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteNumber("type", (int)value.Type);
        if (value.Choices is { } choices)
        {
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, new { choices }, options);
        }
        else if (value.Data is { } data)
        {
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, data, options);
        }
        writer.WriteEndObject();
    }
}
