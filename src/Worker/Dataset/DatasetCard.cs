using System.Globalization;
using System.Text;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// The dataset card (README.md): YAML front matter that the Hugging Face Hub and <c>datasets</c> read (licence, the
/// shards as the train split, the features), then the counts and the columns. It holds no dates or ids, so the same
/// export gives the same card.
/// </summary>
public static class DatasetCard
{
    public static string Write(DatasetSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        var licence = summary.Licences.Count == 1 ? summary.Licences.Keys.Single() : "other";
        Line(text, "---");
        Line(text, $"license: {licence}");
        Line(text, "task_categories:");
        Line(text, "- text-to-image");
        Line(text, "configs:");
        Line(text, "- config_name: default");
        Line(text, "  data_files:");
        Line(text, "  - split: train");
        Line(text, "    path: data/train-*.parquet");
        Line(text, "---");
        Line(text, "");
        Line(text, "# DreamBot results and ratings");
        Line(text, "");
        Line(text, "Images generated with DreamBot on Discord servers that chose to contribute them, with the settings that made them and the 1–10 ratings users gave.");
        Line(text, "Users who opted out, banned users and deleted results are left out. Users and servers appear only as keyed pseudonyms; no Discord id, name or message is included.");
        Line(text, "");
        Line(text, "## Counts");
        Line(text, "");
        Line(text, $"- rows: {summary.Rows}");
        Line(text, $"- shards: {summary.Shards}");
        Line(text, $"- rated rows: {summary.RatedRows}");
        Line(text, $"- ratings: {summary.Ratings}");
        Line(text, $"- images no longer in the archive (left out): {summary.MissingImages}");
        Line(text, $"- results whose prompt hits a blocked word (left out): {summary.BlockedResults}");
        Line(text, $"- images an administrator removed: {summary.RemovedImages}");
        foreach (var (id, rows) in summary.Licences.OrderBy(l => l.Key, StringComparer.Ordinal))
            Line(text, $"- rows under {id}: {rows}");
        Line(text, "");
        Line(text, "## Columns");
        Line(text, "");
        Line(text, "| column | type | meaning |");
        Line(text, "|---|---|---|");
        foreach (var (name, type, meaning) in DatasetSchema.Columns)
            Line(text, $"| {name} | {type} | {meaning} |");
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
