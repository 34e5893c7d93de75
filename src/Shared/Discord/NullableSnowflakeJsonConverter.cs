using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

public sealed class NullableSnowflakeJsonConverter : JsonConverter<long?>
{
    private static readonly SnowflakeJsonConverter Item = new();

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Item.Read(ref reader, typeof(long), options);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } id)
            Item.Write(writer, id, options);
        else
            writer.WriteNullValue();
    }
}
