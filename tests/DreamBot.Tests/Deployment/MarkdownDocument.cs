using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DreamBot.Tests.Deployment;

/// <summary>
/// What GitHub makes of a Markdown file, as far as links go: its headings' anchors, its links and its inline code,
/// all outside fenced code blocks.
/// </summary>
public sealed partial class MarkdownDocument
{
    private readonly List<string> _prose = [];

    public MarkdownDocument(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? fence = null;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
                fence = trimmed[..3];
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal))
                fence = null;
            else if (fence is null)
                _prose.Add(line);
        }
        Anchors = AnchorsOf(_prose);
    }

    /// <summary>The anchors of the headings, as GitHub names them: the second "Usage" is <c>usage-1</c>.</summary>
    public IReadOnlySet<string> Anchors { get; }

    /// <summary>Link targets of <c>[text](target)</c> and <c>![alt](target)</c>, outside code.</summary>
    public IEnumerable<string> LinkTargets() =>
        _prose.Select(line => CodeSpan().Replace(line, "")).SelectMany(line => Link().Matches(line).Select(m => m.Groups["target"].Value));

    /// <summary>The contents of single-backtick code spans, outside code blocks.</summary>
    public IEnumerable<string> InlineCode() =>
        _prose.SelectMany(line => CodeSpan().Matches(line).Select(m => m.Groups["code"].Value));

    /// <summary>
    /// GitHub's heading anchor (github-slugger): the heading's text, lower-cased, without punctuation and symbols
    /// other than <c>-</c> and <c>_</c>, each space a <c>-</c>.
    /// </summary>
    public static string Slug(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var text = Link().Replace(heading, m => m.Groups["text"].Value);
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (c == ' ')
                slug.Append('-');
            else if (c is '-' or '_' || char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                         or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                slug.Append(c);
        }
        return slug.ToString();
    }

    private static HashSet<string> AnchorsOf(IEnumerable<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (Heading().Match(line) is not { Success: true } heading)
                continue;
            var slug = Slug(heading.Groups["text"].Value);
            var anchor = seen.TryGetValue(slug, out var count) ? $"{slug}-{count}" : slug;
            seen[slug] = count + 1;
            anchors.Add(anchor);
        }
        return anchors;
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();
}
