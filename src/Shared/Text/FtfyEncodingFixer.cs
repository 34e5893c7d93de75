using System.Text;
using System.Text.RegularExpressions;

namespace DreamBot.Shared.Text;

/// <summary>
/// ftfy's mojibake repair (<c>fix_encoding</c>): when the text looks bad, re-encode it in the first single-byte code
/// page that can represent it and decode the bytes as UTF-8; otherwise fix embedded UTF-8 runs or C1 controls.
/// </summary>
internal static partial class FtfyEncodingFixer
{
    private static readonly SingleByteCodec[] Codecs =
        FtfyData.EncodingNames.Select((name, i) => new SingleByteCodec(name, FtfyData.DecodeTables[i])).ToArray();

    private static readonly SingleByteCodec SloppyWindows1252 = Codecs.Single(c => c.Name == "sloppy-windows-1252");

    private static readonly Regex Badness = new(FtfyData.BadnessPattern, RegexOptions.CultureInvariant);

    private static readonly Regex Utf8Detector = new(FtfyData.Utf8DetectorPattern, RegexOptions.CultureInvariant);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsBad(string text) => Badness.IsMatch(text);

    public static string FixEncoding(string text)
    {
        while (true)
        {
            var previous = text;
            text = FixOneStep(text);
            if (text == previous)
                return text;
        }
    }

    /// <summary>Remaining C1 controls become their Windows-1252 characters, as browsers do.</summary>
    public static string FixC1Controls(string text) =>
        C1Control().Replace(text, m => SloppyWindows1252.Decode(Latin1Bytes(m.Value)));

    private static string FixOneStep(string text)
    {
        if (text.Length == 0 || text.All(c => c < 0x80) || !IsBad(text))
            return text;

        var latin1Possible = false;
        foreach (var codec in Codecs)
        {
            if (!codec.CanEncode(text))
                continue;
            latin1Possible |= codec.Name == "latin-1";
            var bytes = codec.Encode(text);
            if (codec.Name != "macroman" && AlteredUtf8().IsMatch(Latin1String(bytes)))
                bytes = RestoreByteA0(bytes);
            if (codec.Name.StartsWith("sloppy", StringComparison.Ordinal))
                bytes = Latin1Bytes(LossyUtf8().Replace(Latin1String(bytes), "\u00EF\u00BF\u00BD"));
            if (TryDecodeUtf8(bytes, out var fixedText))
                return fixedText;
        }

        if (Utf8Detector.IsMatch(text))
        {
            var whole = text;
            var fixedText = Utf8Detector.Replace(text, m =>
                m.Value.Length < whole.Length && IsBad(m.Value) ? FixEncoding(m.Value) : m.Value);
            if (fixedText != text)
                return fixedText;
        }

        // Latin-1 text holding C1 controls was probably meant as (strict) Windows-1252.
        if (latin1Possible && TryDecodeStrictWindows1252(Latin1Bytes(text), out var windows) && windows != text)
            return windows;

        return C1Control().IsMatch(text) ? FixC1Controls(text) : text;
    }

    // A Windows program may have turned byte A0 of a UTF-8 sequence into a space; put it back where that decodes.
    private static byte[] RestoreByteA0(byte[] bytes)
    {
        var text = AGraveWord().Replace(Latin1String(bytes), "\u00C3\u00A0 ");
        text = AlteredUtf8().Replace(text, m => m.Value.Replace(' ', '\u00A0'));
        return Latin1Bytes(text);
    }

    private static bool TryDecodeUtf8(byte[] bytes, out string text)
    {
        try
        {
            text = bytes.Contains((byte)0xED) || bytes.Contains((byte)0xC0)
                ? StrictUtf8.GetString(Utf8Variants(bytes))
                : StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    // ftfy's "utf-8-variants": CESU-8 surrogate pairs and Java's C0 80 for U+0000, on top of standard UTF-8.
    private static byte[] Utf8Variants(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i + 5 < bytes.Length && bytes[i] == 0xED && bytes[i + 1] is >= 0xA0 and <= 0xAF && bytes[i + 2] is >= 0x80 and <= 0xBF
                && bytes[i + 3] == 0xED && bytes[i + 4] is >= 0xB0 and <= 0xBF && bytes[i + 5] is >= 0x80 and <= 0xBF)
            {
                var high = 0xD000 | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
                var low = 0xD000 | ((bytes[i + 4] & 0x3F) << 6) | (bytes[i + 5] & 0x3F);
                output.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(char.ConvertToUtf32((char)high, (char)low))));
                i += 5;
            }
            else if (i + 1 < bytes.Length && bytes[i] == 0xC0 && bytes[i + 1] == 0x80)
            {
                output.Add(0);
                i++;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }
        return [.. output];
    }

    private static bool TryDecodeStrictWindows1252(byte[] bytes, out string text)
    {
        // Python's cp1252 leaves these five bytes undefined and refuses to decode them.
        if (bytes.Any(b => b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D))
        {
            text = "";
            return false;
        }
        text = SloppyWindows1252.Decode(bytes);
        return true;
    }

    private static string Latin1String(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static byte[] Latin1Bytes(string text) => Encoding.Latin1.GetBytes(text);

    [GeneratedRegex("[\u0080-\u009F]")]
    private static partial Regex C1Control();

    [GeneratedRegex("[\u00C2\u00C3\u00C5\u00CE\u00D0\u00D9][ ]|[\u00E2\u00E3][ ][\u0080-\u0084\u0086-\u009F\u00A1-\u00BF]|[\u00E0-\u00E3][\u0080-\u0084\u0086-\u009F\u00A1-\u00BF][ ]|[\u00F0][ ][\u0080-\u00BF][\u0080-\u00BF]|[\u00F0][\u0080-\u00BF][ ][\u0080-\u00BF]|[\u00F0][\u0080-\u00BF][\u0080-\u00BF][ ]")]
    private static partial Regex AlteredUtf8();

    [GeneratedRegex("\u00C3 (?! |quele|quela|quilo|s )")]
    private static partial Regex AGraveWord();

    [GeneratedRegex("[\u00C2-\u00DF][\u001A]|[\u00C2-\u00C3][?]|\u00ED[\u00A0-\u00AF][\u001A?]\u00ED[\u00B0-\u00BF][\u001A?\u0080-\u00BF]|\u00ED[\u00A0-\u00AF][\u001A?\u0080-\u00BF]\u00ED[\u00B0-\u00BF][\u001A?]|[\u00E0-\u00EF][\u001A?][\u001A\u0080-\u00BF]|[\u00E0-\u00EF][\u001A\u0080-\u00BF][\u001A?]|[\u00F0-\u00F4][\u001A?][\u001A\u0080-\u00BF][\u001A\u0080-\u00BF]|[\u00F0-\u00F4][\u001A\u0080-\u00BF][\u001A?][\u001A\u0080-\u00BF]|[\u00F0-\u00F4][\u001A\u0080-\u00BF][\u001A\u0080-\u00BF][\u001A?]|\u001A")]
    private static partial Regex LossyUtf8();
}
