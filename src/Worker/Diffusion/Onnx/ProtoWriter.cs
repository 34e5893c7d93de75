using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// The few protobuf wire-format writes an ONNX ModelProto needs (the tiny-model builder and the graph rewrites). Repeated scalars are written unpacked, which
/// every protobuf parser accepts for proto2 files such as onnx.proto.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        Bytes(field, nested.ToArray());
    }

    /// <summary>Copies already-encoded fields through unchanged.</summary>
    public void Raw(ReadOnlySpan<byte> encoded) => _buffer.Write(encoded);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
