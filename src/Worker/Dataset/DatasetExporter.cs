using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;

namespace DreamBot.Worker.Dataset;

/// <summary>Writes <c>data/train-*.parquet</c> and <c>README.md</c> under an empty folder, streaming the rows.</summary>
public static class DatasetExporter
{
    public const string DataFolder = "data";
    public const string CardFile = "README.md";

    public static async Task<DatasetSummary> ExportAsync(
        DreamBotDb db, ImageArchive archive, DatasetPseudonyms pseudonyms, DatasetFilter filter, string outFolder, int shardSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outFolder);
        var data = Path.Combine(outFolder, DataFolder);
        Directory.CreateDirectory(data);
        var rows = new DatasetRows(db, archive, pseudonyms, filter);
        var (rated, ratings) = (0, 0);
        var licences = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var guilds = new SortedDictionary<string, DatasetGuildRows>(StringComparer.Ordinal);
        await using var shards = new DatasetShards(data, shardSize);
        await foreach (var row in rows.ReadAsync(cancellationToken))
        {
            await shards.AddAsync(row, cancellationToken);
            rated += row.Ratings.Count > 0 ? 1 : 0;
            ratings += row.Ratings.Count;
            licences[row.License] = licences.GetValueOrDefault(row.License) + 1;
            guilds[row.Guild] = new DatasetGuildRows(row.License, (guilds.GetValueOrDefault(row.Guild)?.Rows ?? 0) + 1);
        }
        await shards.CompleteAsync(cancellationToken);
        var summary = new DatasetSummary(shards.Rows, shards.Shards, rated, ratings, rows.MissingImages, rows.BlockedResults, rows.RemovedImages, licences, guilds);
        await File.WriteAllTextAsync(Path.Combine(outFolder, CardFile), DatasetCard.Write(summary), cancellationToken);
        return summary;
    }
}
