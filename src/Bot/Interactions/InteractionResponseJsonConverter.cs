using System.Text.Json;
using System.Text.Json.Serialization;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Bot.Interactions;

/// <summary>
/// Writes an interaction response as Discord expects: its data is a message, or for autocomplete the choices, both
/// fitted to <see cref="DiscordLimits"/> here because both transports (callback POST and HTTP reply) serialise it.
/// </summary>
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
            var fitted = choices.Take(DiscordLimits.Choices)
                .Select(c => c with { Name = DiscordLimits.Truncate(c.Name, DiscordLimits.ChoiceName) }).ToList();
            JsonSerializer.Serialize(writer, new { choices = fitted }, options);
        }
        else if (value.Data is { } data)
        {
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, MessageFitter.Fit(data), options);
        }
        writer.WriteEndObject();
    }
}
