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
        Line(text, "");
        Line(text, "## Consent");
        Line(text, "");
        Line(text, "- A server contributes only after a member with Discord's Manage Server (or Administrator) permission turned the dataset on and chose its licence; it is off by default.");
        Line(text, "- Any user can opt out at any time. A row is here only if, when its image was made, its server contributed and its requester had not opted out nor been banned there, and the same still held when this export was made.");
        Line(text, "- An image made from another result (upscale, variation, reroll, zoom, pan) is here only if every result it derives from is, so one user's opt-out, ban or deletion also removes others' work on their image.");
        Line(text, "- Deleted results, images an administrator removed and images the server's safety policy withheld are left out; a requester's rating of their own image is not counted.");
        Line(text, "");
        Line(text, "## Pseudonyms");
        Line(text, "");
        Line(text, "No Discord id, name or message is included. `guild` is a keyed pseudonym of the server; `user` is a keyed pseudonym of the user *within that server*, so a user's rows can be grouped inside one server but not matched across servers, and without the deployment's key no pseudonym can be turned back into a Discord id.");
        Line(text, "A pseudonym does not hide the image itself: each row holds the exact PNG that was posted in Discord, so anyone who saw an image there can find its row and that user's other rows in the same server.");
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
        Line(text, "## Licence of each server's rows");
        Line(text, "");
        Line(text, "| guild | license | rows |");
        Line(text, "|---|---|---|");
        foreach (var (guild, share) in summary.Guilds.OrderBy(g => g.Key, StringComparer.Ordinal))
            Line(text, $"| {guild} | {share.License} | {share.Rows} |");
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
