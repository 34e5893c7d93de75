using System.Text;
using System.Text.RegularExpressions;

namespace DreamBot.Shared.Text;

/// <summary>
/// A port of <c>ftfy.fix_text</c> (ftfy 6.3.1, default configuration), the first step of CLIP's text cleaning:
/// line by line, repeat {unescape HTML, fix mojibake, C1 controls, Latin ligatures, character width, curly quotes,
/// line breaks, surrogates, terminal escapes, control characters, NFC} until nothing changes.
/// </summary>
internal static partial class FtfyFixer
{
    private static readonly LatinLigatures Ligatures = new();

    public static string FixText(string text)
    {
        var output = new StringBuilder(text.Length);
        var unescapeHtml = true;
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var end = lineEnd < 0 ? text.Length : lineEnd + 1;
            var segment = text[position..end];
            // ftfy's "auto" mode: text with a '<' is taken for HTML, whose entities stay, for this and later lines.
            if (segment.Contains('<', StringComparison.Ordinal))
                unescapeHtml = false;
            output.Append(FixSegment(segment, unescapeHtml));
            position = end;
        }
        return output.ToString();
    }

    private static string FixSegment(string text, bool unescapeHtml)
    {
        while (true)
        {
            var original = text;
            if (unescapeHtml)
                text = HtmlUnescaper.FtfyUnescape(text);
            text = FtfyEncodingFixer.FixEncoding(text);
            text = FtfyEncodingFixer.FixC1Controls(text);
            text = Ligatures.Apply(text);
            text = FixCharacterWidth(text);
            text = SingleQuotes().Replace(DoubleQuotes().Replace(text, "\""), "'");
            text = FixLineBreaks(text);
            text = FixSurrogates(text);
            text = TerminalEscapes().Replace(text, "");
            text = RemoveControlCharacters(text);
            text = UnicodeNormalizer.Nfc(text);
            if (text == original)
                return text;
        }
    }

    private static string FixCharacterWidth(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (c == '\u3000')
                replacement = " ";
            else if (c is >= '\uFF01' and < '\uFFF0')
                replacement = UnicodeNormalizer.WidthForm(c);
            if (replacement is not null)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append(replacement);
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? text;
    }

    private static string FixLineBreaks(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u2028', '\n')
            .Replace('\u2029', '\n').Replace('\u0085', '\n');

    private static string FixSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate))
            return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                sb.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }
        return sb.ToString();
    }

    // U+00-08, U+0B, U+0E-1F, U+7F, U+206A-206F, U+FEFF, U+FFF9-FFFC; tabs, line breaks and joiners stay.
    private static string RemoveControlCharacters(string text)
    {
        static bool IsRemoved(char c) =>
            c is <= '\x08' or '\x0B' or >= '\x0E' and <= '\x1F' or '\x7F' or >= '\u206A' and <= '\u206F' or '\uFEFF'
                or >= '\uFFF9' and <= '\uFFFC';
        if (!text.Any(IsRemoved))
            return text;
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsRemoved(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    [GeneratedRegex("[\u02BC\u2018-\u201B]")]
    private static partial Regex SingleQuotes();

    [GeneratedRegex("[\u201C-\u201F]")]
    private static partial Regex DoubleQuotes();

    [GeneratedRegex("\u001B\\[((?:[0-9]|;)*)([a-zA-Z])")]
    private static partial Regex TerminalEscapes();

    // Latin ligatures and legacy digraphs are split; ligatures of other scripts stay (ftfy's LIGATURES table).
    private sealed class LatinLigatures
    {
        private readonly Dictionary<char, string> _map = new()
        {
            ['\u0132'] = "IJ", ['\u0133'] = "ij", ['\u0149'] = "\u02BCn", ['\u01F1'] = "DZ", ['\u01F2'] = "Dz",
            ['\u01F3'] = "dz", ['\u01C4'] = "D\u017D", ['\u01C5'] = "D\u017E", ['\u01C6'] = "d\u017E", ['\u01C7'] = "LJ",
            ['\u01C8'] = "Lj", ['\u01C9'] = "lj", ['\u01CA'] = "NJ", ['\u01CB'] = "Nj", ['\u01CC'] = "nj",
            ['\uFB00'] = "ff", ['\uFB01'] = "fi", ['\uFB02'] = "fl", ['\uFB03'] = "ffi", ['\uFB04'] = "ffl",
            ['\uFB05'] = "\u017Ft", ['\uFB06'] = "st",
        };

        public string Apply(string text)
        {
            if (!text.Any(_map.ContainsKey))
                return text;
            var sb = new StringBuilder(text.Length + 8);
            foreach (var c in text)
            {
                if (_map.TryGetValue(c, out var replacement))
                    sb.Append(replacement);
                else
                    sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
