using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace DreamBot.Shared.Text;

/// <summary>
/// Python's <c>html.unescape</c> (3.11 rules: HTML5 names, longest-prefix match for legacy names without ';',
/// numeric references with the Windows-1252 and invalid-code-point substitutions) and ftfy's stricter variant.
/// </summary>
internal static class HtmlUnescaper
{
    private const int MaxNameLength = 32;

    private static readonly FrozenDictionary<string, string> Html5 = ParseTable();

    // ftfy decodes only complete "&name;" references, plus the upper-cased form of lower-case names when that form
    // is not itself an entity (so "&EACUTE;" becomes "É").
    private static readonly FrozenDictionary<string, string> FtfyEntities = BuildFtfyEntities();

    private static readonly FrozenDictionary<int, string> InvalidCharRefs = new Dictionary<int, string>
    {
        [0x00] = "\uFFFD", [0x0D] = "\r", [0x80] = "\u20AC", [0x81] = "\x81", [0x82] = "\u201A", [0x83] = "\u0192",
        [0x84] = "\u201E", [0x85] = "\u2026", [0x86] = "\u2020", [0x87] = "\u2021", [0x88] = "\u02C6",
        [0x89] = "\u2030", [0x8A] = "\u0160", [0x8B] = "\u2039", [0x8C] = "\u0152", [0x8D] = "\x8D",
        [0x8E] = "\u017D", [0x8F] = "\x8F", [0x90] = "\x90", [0x91] = "\u2018", [0x92] = "\u2019",
        [0x93] = "\u201C", [0x94] = "\u201D", [0x95] = "\u2022", [0x96] = "\u2013", [0x97] = "\u2014",
        [0x98] = "\u02DC", [0x99] = "\u2122", [0x9A] = "\u0161", [0x9B] = "\u203A", [0x9C] = "\u0153",
        [0x9D] = "\x9D", [0x9E] = "\u017E", [0x9F] = "\u0178",
    }.ToFrozenDictionary();

    /// <summary>Python's <c>html.unescape</c>.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
            return text;
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var amp = text.IndexOf('&', i);
            if (amp < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }
            sb.Append(text, i, amp - i);
            var consumed = TryReplaceReference(text, amp + 1, sb);
            if (consumed == 0)
            {
                sb.Append('&');
                i = amp + 1;
            }
            else
            {
                i = amp + 1 + consumed;
            }
        }
        return sb.ToString();
    }

    /// <summary>ftfy's <c>unescape_html</c>: only <c>&amp;#?[0-9A-Za-z]{1,24};</c> references are touched.</summary>
    public static string FtfyUnescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
            return text;
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var amp = text.IndexOf('&', i);
            if (amp < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }
            sb.Append(text, i, amp - i);
            var end = amp + 1;
            if (end < text.Length && text[end] == '#')
                end++;
            var nameStart = end;
            while (end < text.Length && end - nameStart < 24 && char.IsAsciiLetterOrDigit(text[end]))
                end++;
            if (end == nameStart || end >= text.Length || text[end] != ';')
            {
                // Not a reference; the regex would retry from the next character.
                sb.Append('&');
                i = amp + 1;
                continue;
            }
            var reference = text[amp..(end + 1)];
            sb.Append(FtfyFixup(reference));
            i = end + 1;
        }
        return sb.ToString();
    }

    private static string FtfyFixup(string reference)
    {
        if (FtfyEntities.TryGetValue(reference, out var value))
            return value;
        if (reference.StartsWith("&#", StringComparison.Ordinal))
        {
            var unescaped = Unescape(reference);
            return unescaped.Contains(';', StringComparison.Ordinal) ? reference : unescaped;
        }
        return reference;
    }

    // Returns how many characters after '&' were replaced (0 when the text is not a reference).
    private static int TryReplaceReference(string text, int start, StringBuilder sb)
    {
        if (start >= text.Length)
            return 0;
        if (text[start] == '#')
            return TryReplaceNumeric(text, start, sb);

        var end = start;
        while (end < text.Length && end - start < MaxNameLength && !IsNameStop(text[end]))
            end++;
        if (end == start)
            return 0;
        if (end < text.Length && text[end] == ';')
            end++;
        var name = text[start..end];
        if (Html5.TryGetValue(name, out var value))
        {
            sb.Append(value);
            return name.Length;
        }
        for (var x = name.Length - 1; x > 1; x--)
        {
            if (Html5.TryGetValue(name[..x], out value))
            {
                sb.Append(value).Append(name, x, name.Length - x);
                return name.Length;
            }
        }
        return 0;
    }

    private static bool IsNameStop(char c) => c is '\t' or '\n' or '\f' or ' ' or '<' or '&' or '#' or ';';

    private static int TryReplaceNumeric(string text, int hash, StringBuilder sb)
    {
        var hex = hash + 1 < text.Length && text[hash + 1] is 'x' or 'X';
        var digitsStart = hash + (hex ? 2 : 1);
        var end = digitsStart;
        while (end < text.Length && (hex ? char.IsAsciiHexDigit(text[end]) : char.IsAsciiDigit(text[end])))
            end++;
        if (end == digitsStart)
            return 0;
        var digits = text.AsSpan(digitsStart, end - digitsStart);
        if (end < text.Length && text[end] == ';')
            end++;
        sb.Append(CharForNumber(ParseBig(digits, hex)));
        return end - hash;
    }

    // Arbitrarily long digit strings must not overflow: anything past U+10FFFF maps to U+FFFD anyway.
    private static long ParseBig(ReadOnlySpan<char> digits, bool hex)
    {
        long value = 0;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            value = value * (hex ? 16 : 10) + digit;
            if (value > 0x10FFFF)
                return 0x110000;
        }
        return value;
    }

    private static string CharForNumber(long number)
    {
        if (number <= int.MaxValue && InvalidCharRefs.TryGetValue((int)number, out var mapped))
            return mapped;
        if (number is >= 0xD800 and <= 0xDFFF || number > 0x10FFFF)
            return "\uFFFD";
        if (IsInvalidCodePoint((int)number))
            return "";
        return char.ConvertFromUtf32((int)number);
    }

    private static bool IsInvalidCodePoint(int cp) =>
        cp is >= 0x1 and <= 0x8 or >= 0xE and <= 0x1F or >= 0x7F and <= 0x9F or >= 0xFDD0 and <= 0xFDEF or 0xB
        || (cp & 0xFFFE) == 0xFFFE;

    private static FrozenDictionary<string, string> ParseTable()
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in EmbeddedTable.Lines(EmbeddedTable.HtmlEntities))
        {
            var parts = line.Split(' ');
            var value = new StringBuilder();
            foreach (var cp in parts.AsSpan(1))
                value.Append(char.ConvertFromUtf32(int.Parse(cp, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            table[parts[0]] = value.ToString();
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildFtfyEntities()
    {
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Html5)
        {
            if (!name.EndsWith(';'))
                continue;
            entities["&" + name] = value;
            if (name == PythonText.Lower(name))
            {
                var upper = "&" + PythonText.Upper(name);
                if (Unescape(upper) == upper)
                    entities[upper] = PythonText.Upper(value);
            }
        }
        return entities.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
