using System.Globalization;
using System.Text;

namespace DreamBot.Shared.Text;

/// <summary>
/// NFC and NFKC (canonical or compatibility decomposition, canonical ordering, canonical composition, Hangul by
/// algorithm) on Unicode 14 data, because .NET in globalization-invariant mode leaves <see cref="string.Normalize()"/>
/// a no-op.
/// </summary>
public static class UnicodeNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, int[]> Decompositions = [];
    private static readonly Dictionary<int, int[]> CompatibilityDecompositions = [];
    private static readonly Dictionary<(int, int), int> Compositions = [];
    private static readonly Dictionary<int, byte> CombiningClasses = [];
    private static readonly Dictionary<char, string> WidthForms = [];

    static UnicodeNormalizer()
    {
        foreach (var line in EmbeddedTable.Lines(EmbeddedTable.UnicodeNormalization))
        {
            var parts = line.Split(' ');
            var values = parts.Skip(1).Select(p => int.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            switch (parts[0])
            {
                case "D":
                    Decompositions[values[0]] = values[1..];
                    break;
                case "C":
                    CompatibilityDecompositions[values[0]] = values[1..];
                    break;
                case "K":
                    // The class itself is written in decimal.
                    var cls = byte.Parse(parts[3], CultureInfo.InvariantCulture);
                    for (var cp = values[0]; cp <= values[1]; cp++)
                        CombiningClasses[cp] = cls;
                    break;
                case "P":
                    Compositions[(values[0], values[1])] = values[2];
                    break;
                default:
                    WidthForms[(char)values[0]] = string.Concat(values[1..].Select(char.ConvertFromUtf32));
                    break;
            }
        }
    }

    /// <summary>NFKC of one halfwidth or fullwidth form (U+FF01–U+FFEF), or null when it has none.</summary>
    public static string? WidthForm(char c) => WidthForms.GetValueOrDefault(c);

    public static string Nfc(string text) => Normalize(text, compatibility: false);

    /// <summary>NFKC: also folds compatibility forms (ligatures, fullwidth and styled letters, superscripts).</summary>
    public static string Nfkc(string text) => Normalize(text, compatibility: true);

    private static string Normalize(string text, bool compatibility)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsTriviallyNormalized(text, compatibility ? '\u00A0' : '\u00C0'))
            return text;
        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
            Decompose(rune.Value, compatibility, codePoints);
        ReorderMarks(codePoints);
        Compose(codePoints);
        var sb = new StringBuilder(text.Length);
        foreach (var cp in codePoints)
            sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    // Below U+00C0 (U+00A0 for compatibility forms) nothing decomposes and nothing combines (marks start at U+0300).
    private static bool IsTriviallyNormalized(string text, char firstChanging)
    {
        foreach (var c in text)
        {
            if (c >= firstChanging)
                return false;
        }
        return true;
    }

    private static byte CombiningClass(int cp) => CombiningClasses.GetValueOrDefault(cp);

    private static void Decompose(int cp, bool compatibility, List<int> output)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            var index = cp - SBase;
            output.Add(LBase + index / NCount);
            output.Add(VBase + index % NCount / TCount);
            if (index % TCount != 0)
                output.Add(TBase + index % TCount);
        }
        else if (Decompositions.TryGetValue(cp, out var parts)
                 || (compatibility && CompatibilityDecompositions.TryGetValue(cp, out parts)))
        {
            foreach (var part in parts)
                Decompose(part, compatibility, output);
        }
        else
        {
            output.Add(cp);
        }
    }

    // Stable sort of each run of non-starters by combining class.
    private static void ReorderMarks(List<int> cps)
    {
        for (var i = 1; i < cps.Count; i++)
        {
            var cls = CombiningClass(cps[i]);
            if (cls == 0)
                continue;
            var j = i;
            while (j > 0 && CombiningClass(cps[j - 1]) > cls)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> cps)
    {
        if (cps.Count < 2)
            return;
        var starter = CombiningClass(cps[0]) == 0 ? 0 : -1;
        var write = 1;
        var lastClass = starter == 0 ? 0 : 256;
        for (var read = 1; read < cps.Count; read++)
        {
            var cp = cps[read];
            var cls = CombiningClass(cp);
            var blocked = starter < 0 || (write - 1 != starter && (lastClass == 0 || lastClass >= cls));
            if (!blocked && TryCompose(cps[starter], cp, out var composite))
            {
                cps[starter] = composite;
                continue;
            }
            if (cls == 0)
                starter = write;
            lastClass = cls;
            cps[write++] = cp;
        }
        cps.RemoveRange(write, cps.Count - write);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            composite = SBase + ((first - LBase) * VCount + (second - VBase)) * TCount;
            return true;
        }
        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            composite = first + (second - TBase);
            return true;
        }
        return Compositions.TryGetValue((first, second), out composite);
    }
}
