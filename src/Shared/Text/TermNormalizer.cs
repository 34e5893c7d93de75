using System.Globalization;
using System.Text;
namespace DreamBot.Shared.Text;

/// <summary>
/// Folds compatibility forms (NFKC: fullwidth and styled letters, ligatures), drops invisible format characters
/// (zero-width spaces and joiners, soft hyphens, direction marks), lower-cases and strips accents, so "Café", "ＣＡＦＥ",
/// "ca\u200Bfe" and "cafe\u0301" all read "cafe". The app runs with InvariantGlobalization, where
/// <see cref="string.Normalize()"/> returns its input unchanged, so NFKC comes from <see cref="UnicodeNormalizer"/>,
/// Latin letters with diacritics are folded by an explicit table and combining marks are dropped.
/// </summary>
public static class TermNormalizer
{
    // One base letter per code point from U+00E0 to U+017F, after lower-casing; '\0' keeps the character as it is.
    private const string Latin1Lower = "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y";
    private const string LatinExtendedA =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii\0\0jjkkkllllllllllnnnnnnnnnoooooo\0\0rrrrrrsssssssstttttt" +
        "uuuuuuuuuuuuwwyyyzzzzzzs";

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var c in UnicodeNormalizer.Nfkc(text).ToLowerInvariant())
        {
            if (c is >= '\u0300' and <= '\u036f' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                continue;
            if (char.IsWhiteSpace(c))
            {
                // Runs of spaces collapse, so "bad   word" still matches the phrase "bad word".
                if (!lastWasSpace)
                    folded.Append(' ');
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            AppendFolded(folded, c);
        }
        return folded.ToString().TrimEnd();
    }

    /// <summary>Whether <paramref name="term"/> occurs in <paramref name="text"/> as whole words (both normalised).</summary>
    public static bool ContainsWords(string text, string term)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(term))
            return false;
        for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.Ordinal))
        {
            var end = at + term.Length;
            // Whole words only, so blocking "ass" does not refuse "class".
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                return true;
        }
        return false;
    }

    private static void AppendFolded(StringBuilder folded, char c)
    {
        switch (c)
        {
            case 'æ': folded.Append("ae"); return;
            case 'œ': folded.Append("oe"); return;
            case 'ß': folded.Append("ss"); return;
            case 'ĳ': folded.Append("ij"); return;
        }
        var mapped = c switch
        {
            >= '\u00e0' and <= '\u00ff' => Latin1Lower[c - '\u00e0'],
            >= '\u0100' and <= '\u017f' => LatinExtendedA[c - '\u0100'],
            _ => '\0',
        };
        folded.Append(mapped == '\0' ? c : mapped);
    }
}
