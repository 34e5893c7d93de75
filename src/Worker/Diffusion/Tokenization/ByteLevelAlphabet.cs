namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// GPT-2/CLIP <c>bytes_to_unicode</c>: printable Latin-1 bytes stand for themselves, the other 68 bytes map to
/// U+0100 upwards in byte order, so every byte is one visible vocabulary character.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();

    public static readonly Dictionary<char, byte> CharToByte =
        ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
