using System.Globalization;
using System.Text.RegularExpressions;

namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// The attention syntax of AUTOMATIC1111's stable-diffusion-webui (modules/prompt_parser.py, parse_prompt_attention),
/// which ComfyUI also reads: <c>(text)</c> multiplies the weight by 1.1, <c>[text]</c> divides it by 1.1,
/// <c>(text:1.3)</c> multiplies it by 1.3, brackets nest and multiply, an unclosed bracket applies to the end,
/// a backslash makes the next bracket literal, and <c>BREAK</c> ends the current 75-token chunk.
/// </summary>
public static partial class PromptWeights
{
    private const double RoundBracketMultiplier = 1.1;
    private const double SquareBracketMultiplier = 1 / 1.1;

    /// <summary>
    /// Runs of text with their weights, adjacent runs of equal weight merged; a prompt with no syntax is one run of
    /// weight 1. The text between the runs is the prompt without its brackets and escapes.
    /// </summary>
    public static IReadOnlyList<WeightedText> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var runs = new List<(string Text, double Weight)>();
        var round = new Stack<int>();
        var square = new Stack<int>();
        foreach (Match match in Attention().Matches(prompt))
        {
            var text = match.Value;
            var weight = match.Groups[1];
            if (text.StartsWith('\\'))
                runs.Add((text[1..], 1.0));
            else if (text == "(")
                round.Push(runs.Count);
            else if (text == "[")
                square.Push(runs.Count);
            else if (weight.Success && round.Count > 0 && ParseWeight(weight.Value) is { } multiplier)
                Multiply(runs, round.Pop(), multiplier);
            else if (text == ")" && round.Count > 0)
                Multiply(runs, round.Pop(), RoundBracketMultiplier);
            else if (text == "]" && square.Count > 0)
                Multiply(runs, square.Pop(), SquareBracketMultiplier);
            else
                AddText(runs, text);
        }
        // Unclosed brackets weigh everything after them, outermost first as the webui applies them (rounding follows the order).
        foreach (var start in round.Reverse())
            Multiply(runs, start, RoundBracketMultiplier);
        foreach (var start in square.Reverse())
            Multiply(runs, start, SquareBracketMultiplier);
        if (runs.Count == 0)
            runs.Add(("", 1.0));
        return Merge(runs);
    }

    private static void AddText(List<(string Text, double Weight)> runs, string text)
    {
        var parts = Break().Split(text);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
                runs.Add((WeightedText.Break.Text, WeightedText.Break.Weight));
            runs.Add((parts[i], 1.0));
        }
    }

    private static void Multiply(List<(string Text, double Weight)> runs, int start, double multiplier)
    {
        for (var i = start; i < runs.Count; i++)
            runs[i] = (runs[i].Text, runs[i].Weight * multiplier);
    }

    // Python's float() accepts what the pattern lets through except stray dots ("1.2.3", "."); those stay text here.
    private static double? ParseWeight(string text) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    // As the webui merges: any two neighbours of equal weight, BREAKs included (two BREAKs in a row become text).
    private static List<WeightedText> Merge(List<(string Text, double Weight)> runs)
    {
        var merged = new List<WeightedText>(runs.Count);
        foreach (var (text, weight) in runs)
        {
            if (merged.Count > 0 && merged[^1].Weight == weight)
                merged[^1] = merged[^1] with { Text = merged[^1].Text + text };
            else
                merged.Add(new WeightedText(text, weight));
        }
        return merged;
    }

    [GeneratedRegex("""
        \\\(|
        \\\)|
        \\\[|
        \\]|
        \\\\|
        \\|
        \(|
        \[|
        :\s*([+-]?[.\d]+)\s*\)|
        \)|
        ]|
        [^\\()\[\]:]+|
        :
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Attention();

    [GeneratedRegex(@"\s*\bBREAK\b\s*", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Break();
}
