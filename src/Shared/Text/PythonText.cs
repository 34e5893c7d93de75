using System.Globalization;
using System.Text;

namespace DreamBot.Shared.Text;

/// <summary>Python 3 <c>str</c> semantics that .NET does not share: full lower-casing and Unicode whitespace.</summary>
public static class PythonText
{
    private const char CapitalSigma = '\u03A3';

    /// <summary><c>str.lower()</c>: simple mappings plus İ → "i̇" and the final-sigma rule.</summary>
    public static string Lower(string text)
    {
        var sb = new StringBuilder(text.Length);
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0x130)
                sb.Append("i\u0307");
            else if (rune.Value == CapitalSigma)
                sb.Append(IsFinalSigma(text, index) ? '\u03C2' : '\u03C3');
            else
                sb.Append(Rune.ToLowerInvariant(rune).ToString());
            index += rune.Utf16SequenceLength;
        }
        return sb.ToString();
    }

    /// <summary><c>str.upper()</c> for entity names and values: simple mappings plus ß → "SS".</summary>
    public static string Upper(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0xDF)
                sb.Append("SS");
            else
                sb.Append(Rune.ToUpperInvariant(rune).ToString());
        }
        return sb.ToString();
    }

    /// <summary>The <c>regex</c> module's <c>\s</c>: the Unicode White_Space property.</summary>
    public static bool IsRegexWhiteSpace(int codePoint) =>
        codePoint is >= 0x9 and <= 0xD or 0x20 or 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    /// <summary><c>str.isspace()</c>, used by <c>strip()</c>: White_Space plus the four ASCII separators.</summary>
    public static bool IsStrSpace(char c) => IsRegexWhiteSpace(c) || c is >= '\x1C' and <= '\x1F';

    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsStrSpace(text[start]))
            start++;
        while (end > start && IsStrSpace(text[end - 1]))
            end--;
        return start == 0 && end == text.Length ? text : text[start..end];
    }

    /// <summary><c>re.sub(r'\s+', ' ', text).strip()</c>.</summary>
    public static string CollapseWhiteSpace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inSpace = false;
        foreach (var c in text)
        {
            if (IsRegexWhiteSpace(c))
            {
                if (!inSpace)
                    sb.Append(' ');
                inSpace = true;
            }
            else
            {
                sb.Append(c);
                inSpace = false;
            }
        }
        return Strip(sb.ToString());
    }

    // Python (Unicode 3.13 "Final_Sigma"): a cased letter before, skipping case-ignorables, and none after.
    private static bool IsFinalSigma(string text, int index)
    {
        var before = index;
        var cased = false;
        while (before > 0)
        {
            var rune = RuneBefore(text, before);
            before -= rune.Utf16SequenceLength;
            if (IsCaseIgnorable(rune))
                continue;
            cased = IsCased(rune);
            break;
        }
        if (!cased)
            return false;
        var after = index + 1;
        while (after < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(after), out var rune, out var length);
            after += length;
            if (IsCaseIgnorable(rune))
                continue;
            return !IsCased(rune);
        }
        return true;
    }

    private static Rune RuneBefore(string text, int end)
    {
        Rune.DecodeLastFromUtf16(text.AsSpan(0, end), out var rune, out _);
        return rune;
    }

    private static bool IsCased(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            || Rune.ToLowerInvariant(rune) != rune || Rune.ToUpperInvariant(rune) != rune;
    }

    private static bool IsCaseIgnorable(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
                or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
            || rune.Value is '\'' or '.' or ':' or '^' or '`' or 0xB7 or 0x387 or 0x5F4 or 0x2018 or 0x2019 or 0x2024
                or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }
}
