using System.Globalization;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using DreamBot.Worker.Dataset;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>dataset export</c>: the eligible results with their archived images and ratings, as Parquet shards and a dataset
/// card that Hugging Face <c>datasets</c> loads as they are. The database and the archive come from the Worker's
/// configuration; the pseudonym key from <c>Dataset:PseudonymKey</c> or <c>--salt-file</c>, and is never printed.
/// </summary>
public sealed class DatasetExportCommand(TextWriter output, TextWriter error, IConfiguration configuration)
{
    public const string Usage = "dataset export --out DIR [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--guild ID] [--min-ratings N] [--include-nsfw] [--shard-size ROWS] [--salt-file FILE]";
    public const string PseudonymKeySetting = "Dataset:PseudonymKey";
    public const int DefaultShardSize = 1000;

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            if (args is not ["export", .. var rest])
                throw new CliUsageException("usage: " + Usage);
            var parsed = CliArguments.Parse(rest, ["out", "since", "until", "guild", "min-ratings", "shard-size", "salt-file"], ["include-nsfw"]);
            var outFolder = Path.GetFullPath(parsed.Required("out"));
            if (Directory.Exists(outFolder) && Directory.EnumerateFileSystemEntries(outFolder).Any())
                throw new CliUsageException($"--out {outFolder} is not empty; export into a new folder");
            var filter = new DatasetFilter(Day(parsed, "since"), Day(parsed, "until"), parsed.Long("guild"), parsed.Int("min-ratings", 0), parsed.Flag("include-nsfw"));
            if (filter is { Since: { } since, Until: { } until } && since > until)
                throw new CliUsageException("--since is after --until");
            if (filter.MinRatings < 0)
                throw new CliUsageException("--min-ratings must be 0 or more");
            var shardSize = parsed.Int("shard-size", DefaultShardSize);
            if (shardSize < 1)
                throw new CliUsageException("--shard-size must be 1 or more");
            var pseudonyms = new DatasetPseudonyms(await PseudonymKeyAsync(parsed.String("salt-file"), cancellationToken));
            var archive = new ImageArchive(Setting("Archive:Path"));

            var options = new DbContextOptionsBuilder<DreamBotDb>();
            DreamBotDefaults.ConfigureDatabase(options, Setting("ConnectionStrings:Postgres"));
            await using var db = new DreamBotDb(options.Options);
            var summary = await DatasetExporter.ExportAsync(db, archive, pseudonyms, filter, outFolder, shardSize, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Rows} rows in {summary.Shards} shards ({summary.RatedRows} rated, {summary.Ratings} ratings; {summary.MissingImages} images no longer archived) -> {outFolder}"));
            return 0;
        });

    private string Setting(string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new CliUsageException($"{key} is required (configuration or environment, {key.Replace(":", "__", StringComparison.Ordinal)})");

    private async Task<byte[]> PseudonymKeyAsync(string? saltFile, CancellationToken cancellationToken)
    {
        if (saltFile is not null && !File.Exists(saltFile))
            throw new CliUsageException($"--salt-file {saltFile} does not exist");
        var text = saltFile is not null ? await File.ReadAllTextAsync(saltFile, cancellationToken) : Setting(PseudonymKeySetting);
        return PseudonymKey.Parse(text) ?? throw new CliUsageException(
            $"the pseudonym key ({PseudonymKeySetting} or --salt-file) must be {PseudonymKey.Bytes} random bytes as hex or base64, not a passphrase; make one with: {PseudonymKey.MakeOne}");
    }

    private static DateOnly? Day(CliArguments parsed, string name) =>
        parsed.String(name) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new CliUsageException($"--{name} must be a day as YYYY-MM-DD, not '{text}'");
}
