using Apache.Arrow;
using ParquetSharp.Arrow;

namespace DreamBot.Tests.Worker.Dataset;

/// <summary>
/// Reads export shards with ParquetSharp (Apache Arrow's C++ Parquet reader, the one pyarrow and so <c>datasets</c>
/// use), not with the library that wrote them.
/// </summary>
public static class ShardReader
{
    public sealed record Row(
        byte[] ImageBytes, string? ImagePath, string Prompt, string NegativePrompt, long Seed, int Steps, double Guidance, string Sampler,
        int Width, int Height, string Model, string? ModelRevision, DateTime Created, double? RatingMean, int RatingCount, int[] Ratings,
        bool Nsfw, string User, string Guild, string License, int ImageIndex);

    /// <summary>Every row of the shards under <paramref name="folder"/>'s <c>data</c>, in file order.</summary>
    public static async Task<List<Row>> ReadAllAsync(string folder)
    {
        var rows = new List<Row>();
        foreach (var shard in Directory.GetFiles(Path.Combine(folder, "data"), "*.parquet").Order(StringComparer.Ordinal))
            rows.AddRange(await ReadAsync(shard));
        return rows;
    }

    public static (Schema Schema, IReadOnlyDictionary<string, string> Metadata) Describe(string shard)
    {
        using var reader = new FileReader(shard);
        return (reader.Schema, reader.ParquetReader.FileMetaData.KeyValueMetadata);
    }

    public static async Task<List<Row>> ReadAsync(string shard)
    {
        using var reader = new FileReader(shard);
        using var batches = reader.GetRecordBatchReader();
        var rows = new List<Row>();
        while (await batches.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                IArrowArray Column(string name) => batch.Column(batch.Schema.GetFieldIndex(name));
                var image = (StructArray)Column("image");
                var ratings = (ListArray)Column("ratings");
                for (var i = 0; i < batch.Length; i++)
                {
                    rows.Add(new Row(
                        ((BinaryArray)image.Fields[0]).GetBytes(i).ToArray(),
                        ((StringArray)image.Fields[1]).GetString(i),
                        ((StringArray)Column("prompt")).GetString(i),
                        ((StringArray)Column("negative_prompt")).GetString(i),
                        ((Int64Array)Column("seed")).GetValue(i)!.Value,
                        ((Int32Array)Column("steps")).GetValue(i)!.Value,
                        ((DoubleArray)Column("guidance")).GetValue(i)!.Value,
                        ((StringArray)Column("sampler")).GetString(i),
                        ((Int32Array)Column("width")).GetValue(i)!.Value,
                        ((Int32Array)Column("height")).GetValue(i)!.Value,
                        ((StringArray)Column("model")).GetString(i),
                        ((StringArray)Column("model_revision")).GetString(i),
                        ((Date32Array)Column("created")).GetDateTime(i)!.Value,
                        ((DoubleArray)Column("rating_mean")).GetValue(i),
                        ((Int32Array)Column("rating_count")).GetValue(i)!.Value,
                        [.. ((Int32Array)ratings.GetSlicedValues(i)).Values],
                        ((BooleanArray)Column("nsfw")).GetValue(i)!.Value,
                        ((StringArray)Column("user")).GetString(i),
                        ((StringArray)Column("guild")).GetString(i),
                        ((StringArray)Column("license")).GetString(i),
                        ((Int32Array)Column("image_index")).GetValue(i)!.Value));
                }
            }
        }
        return rows;
    }
}
