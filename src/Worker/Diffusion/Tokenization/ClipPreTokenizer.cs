using System.Globalization;
using System.Text;
using DreamBot.Shared.Text;

namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// The word splitter of CLIP's simple_tokenizer, i.e. <c>regex.findall</c> of
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// with IGNORECASE. Scanned by code point because .NET's regex sees astral letters as surrogates, not \p{L}.
/// </summary>
internal static class ClipPreTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";

    private static readonly string[] Literals = [StartOfText, EndOfText, "'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var literal = MatchLiteral(text, i);
            if (literal > 0)
            {
                words.Add(text.Substring(i, literal));
                i += literal;
                continue;
            }
            var kind = Classify(text, i, out var length);
            switch (kind)
            {
                case CharKind.Space:
                    i += length;
                    break;
                case CharKind.Number:
                    words.Add(text.Substring(i, length));
                    i += length;
                    break;
                default:
                    var end = i + length;
                    // Runs are greedy: a symbol run swallows an apostrophe or '<' that would start a literal.
                    while (end < text.Length && Classify(text, end, out var next) == kind)
                        end += next;
                    words.Add(text[i..end]);
                    i = end;
                    break;
            }
        }
        return words;
    }

    internal enum CharKind { Space, Letter, Number, Other }

    internal static CharKind Classify(string text, int index, out int length)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            length = 1;
            return CharKind.Other;
        }
        // U+0345 case-folds to a Greek iota, so under IGNORECASE it is neither a letter nor outside the letters:
        // no alternative matches it and findall skips it like whitespace.
        if (PythonText.IsRegexWhiteSpace(rune.Value) || rune.Value == 0x345)
            return CharKind.Space;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
            _ => CharKind.Other,
        };
    }

    // Case-insensitive as the regex module's simple case folding: the long s (ſ) folds to 's'.
    private static int MatchLiteral(string text, int index)
    {
        if (text[index] is not ('<' or '\''))
            return 0;
        foreach (var literal in Literals)
        {
            if (index + literal.Length > text.Length)
                continue;
            var matched = true;
            for (var k = 0; k < literal.Length && matched; k++)
                matched = FoldsTo(text[index + k], literal[k]);
            if (matched)
                return literal.Length;
        }
        return 0;
    }

    private static bool FoldsTo(char c, char lowerAscii) =>
        c == lowerAscii || char.ToLowerInvariant(c) == lowerAscii || (lowerAscii == 's' && c == '\u017F')
        || (lowerAscii == 'k' && c == '\u212A');
}
