using System.Text;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// Walks protobuf wire format on a seekable stream, skipping what it is not asked to read, so the structure of a
/// multi-gigabyte model file is read without loading its weights.
/// </summary>
internal sealed class ProtoReader(Stream stream)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public long Position => stream.Position;

    /// <summary>The next field before <paramref name="end"/>, or false at the end of the message.</summary>
    public bool Next(long end, out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (stream.Position >= end)
            return false;
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
                throw new InvalidDataException("truncated protobuf varint");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException("malformed protobuf varint");
    }

    /// <summary>The end position of the length-delimited field whose length comes next.</summary>
    public long MessageEnd()
    {
        var length = (long)ReadVarint();
        var end = stream.Position + length;
        if (length < 0 || end > stream.Length)
            throw new InvalidDataException("protobuf field runs past the end of the file");
        return end;
    }

    public string ReadString()
    {
        var end = MessageEnd();
        var bytes = new byte[end - stream.Position];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public float ReadFloat()
    {
        Span<byte> bytes = stackalloc byte[4];
        stream.ReadExactly(bytes);
        return BitConverter.ToSingle(bytes);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                stream.Seek(8, SeekOrigin.Current);
                break;
            case LengthDelimited:
                stream.Seek(MessageEnd(), SeekOrigin.Begin);
                break;
            case Fixed32:
                stream.Seek(4, SeekOrigin.Current);
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {wireType}");
        }
    }

    public void Seek(long position) => stream.Seek(position, SeekOrigin.Begin);
}
