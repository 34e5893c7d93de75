using DreamBot.Worker.Diffusion.Onnx;

namespace DreamBot.ModelBuilder;

/// <summary>One NodeProto attribute (AttributeProto field numbers from onnx.proto).</summary>
internal sealed record OnnxAttribute(string Name, Action<ProtoWriter> WriteValue)
{
    private const int FloatType = 1;
    private const int IntType = 2;
    private const int StringType = 3;
    private const int IntsType = 7;

    public static OnnxAttribute Int(string name, long value) => new(name, w =>
    {
        w.Int64(3, value);
        w.Int64(20, IntType);
    });

    public static OnnxAttribute Float(string name, float value) => new(name, w =>
    {
        w.Float(2, value);
        w.Int64(20, FloatType);
    });

    public static OnnxAttribute String(string name, string value) => new(name, w =>
    {
        w.String(4, value);
        w.Int64(20, StringType);
    });

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, w =>
    {
        foreach (var value in values)
            w.Int64(8, value);
        w.Int64(20, IntsType);
    });

    public void Write(ProtoWriter writer)
    {
        writer.String(1, Name);
        WriteValue(writer);
    }
}
