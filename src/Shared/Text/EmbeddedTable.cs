using System.Text;

namespace DreamBot.Shared.Text;

/// <summary>
/// Reads a data table embedded in this assembly (src/Shared/Text/*.txt, written by scripts/generate-text-tables): its
/// lines, without the '#' header. Callers read a table once, in a static initializer.
/// </summary>
internal static class EmbeddedTable
{
    public const string UnicodeNormalization = "DreamBot.Shared.Text.UnicodeNormalizationData.txt";
    public const string HtmlEntities = "DreamBot.Shared.Text.HtmlEntityTable.txt";

    public static List<string> Lines(string resourceName)
    {
        var assembly = typeof(EmbeddedTable).Assembly;
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no resource {resourceName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                lines.Add(line);
        }
        return lines;
    }
}
