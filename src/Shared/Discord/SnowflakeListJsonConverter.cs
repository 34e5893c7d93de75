using System.Text.Json;
using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord;

/// <summary>A list of snowflake ids, written as JSON strings like every id Discord exchanges.</summary>
public sealed class SnowflakeListJsonConverter : JsonConverter<IReadOnlyList<long>>
{
    private static readonly SnowflakeJsonConverter Item = new();

    public override IReadOnlyList<long> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("Expected an array of snowflakes.");
        var ids = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            ids.Add(Item.Read(ref reader, typeof(long), options));
        return ids;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<long> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value)
            Item.Write(writer, id, options);
        writer.WriteEndArray();
    }
}
