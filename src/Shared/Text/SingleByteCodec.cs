namespace DreamBot.Shared.Text;

/// <summary>One of the single-byte code pages ftfy tries when undoing mojibake, as a 256-entry table.</summary>
internal sealed class SingleByteCodec
{
    private readonly string _table;
    private readonly Dictionary<char, byte> _encode = [];

    public SingleByteCodec(string name, string table)
    {
        Name = name;
        _table = table;
        for (var b = 255; b >= 0; b--)
            _encode[table[b]] = (byte)b;
        // ftfy's "can this be encoded" test admits ASCII except byte 1A itself, plus whatever 80-FF and 1A decode to.
        if (table[0x1A] != '\x1A')
            _encode.Remove('\x1A');
        _encode[table[0x1A]] = 0x1A;
    }

    public string Name { get; }

    public bool CanEncode(string text)
    {
        foreach (var c in text)
        {
            if (!_encode.ContainsKey(c))
                return false;
        }
        return true;
    }

    public byte[] Encode(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
            bytes[i] = _encode[text[i]];
        return bytes;
    }

    public string Decode(byte[] bytes) => string.Create(bytes.Length, (bytes, _table), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
            span[i] = state._table[state.bytes[i]];
    });
}
