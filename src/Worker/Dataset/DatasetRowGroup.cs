using Parquet;

namespace DreamBot.Worker.Dataset;

/// <summary>Writes rows as one row group, column by column in the schema's order.</summary>
public static class DatasetRowGroup
{
    public static async Task WriteAsync(ParquetWriter writer, IReadOnlyList<DatasetRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(DatasetSchema.ImageBytes, rows.Select(r => r.Png).ToList(), null);
        await group.WriteAsync(DatasetSchema.ImagePath, rows.Select(r => r.Sha256 + ".png").ToList(), null);
        await group.WriteAsync(DatasetSchema.Prompt, rows.Select(r => r.Prompt).ToList(), null);
        await group.WriteAsync(DatasetSchema.NegativePrompt, rows.Select(r => r.NegativePrompt).ToList(), null);
        await group.WriteAsync<long>(DatasetSchema.Seed, rows.Select(r => r.Seed).ToArray(), null, null, cancellationToken);
        await group.WriteAsync<int>(DatasetSchema.Steps, rows.Select(r => r.Steps).ToArray(), null, null, cancellationToken);
        await group.WriteAsync<double>(DatasetSchema.Guidance, rows.Select(r => r.Guidance).ToArray(), null, null, cancellationToken);
        await group.WriteAsync(DatasetSchema.Sampler, rows.Select(r => r.Sampler).ToList(), null);
        await group.WriteAsync<int>(DatasetSchema.Width, rows.Select(r => r.Width).ToArray(), null, null, cancellationToken);
        await group.WriteAsync<int>(DatasetSchema.Height, rows.Select(r => r.Height).ToArray(), null, null, cancellationToken);
        await group.WriteAsync(DatasetSchema.Model, rows.Select(r => r.Model).ToList(), null);
        await group.WriteAsync(DatasetSchema.ModelRevision, rows.Select(r => r.ModelRevision!).ToList(), null);
        await group.WriteAsync<DateOnly>(DatasetSchema.Created, rows.Select(r => r.Created).ToArray(), null, null, cancellationToken);
        await group.WriteAsync<double>(DatasetSchema.RatingMean, rows.Select(r => r.RatingMean).ToArray(), null, null, cancellationToken);
        await group.WriteAsync<int>(DatasetSchema.RatingCount, rows.Select(r => r.Ratings.Count).ToArray(), null, null, cancellationToken);
        await WriteRatingsAsync(group, rows, cancellationToken);
        await group.WriteAsync<bool>(DatasetSchema.Nsfw, rows.Select(r => r.Nsfw).ToArray(), null, null, cancellationToken);
        await group.WriteAsync(DatasetSchema.User, rows.Select(r => r.User).ToList(), null);
        await group.WriteAsync(DatasetSchema.Guild, rows.Select(r => r.Guild).ToList(), null);
        await group.WriteAsync(DatasetSchema.License, rows.Select(r => r.License).ToList(), null);
        await group.WriteAsync<int>(DatasetSchema.ImageIndex, rows.Select(r => r.ImageIndex).ToArray(), null, null, cancellationToken);
        group.CompleteValidate();
    }

    /// <summary>
    /// A list column in Parquet's own terms: repetition level 0 starts a row's list and 1 continues it; an empty list
    /// is one entry with no value, one definition level short of an element.
    /// </summary>
    private static async Task WriteRatingsAsync(ParquetRowGroupWriter group, IReadOnlyList<DatasetRow> rows, CancellationToken cancellationToken)
    {
        var element = DatasetSchema.Rating.MaxDefinitionLevel;
        var values = new List<int>();
        var definitions = new List<int>();
        var repetitions = new List<int>();
        foreach (var row in rows)
        {
            if (row.Ratings.Count == 0)
            {
                definitions.Add(element - 1);
                repetitions.Add(0);
                continue;
            }
            for (var i = 0; i < row.Ratings.Count; i++)
            {
                values.Add(row.Ratings[i]);
                definitions.Add(element);
                repetitions.Add(i == 0 ? 0 : 1);
            }
        }
        await group.WriteAllPartsAsync<int>(DatasetSchema.Rating, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), cancellationToken);
    }
}
