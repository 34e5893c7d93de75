using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

/// <summary>Discord sends ids as JSON strings (they overflow JavaScript numbers); DreamBot stores them as <see cref="long"/>.</summary>
public sealed class SnowflakeJsonConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? long.Parse(reader.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : reader.GetInt64();

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
