namespace DreamBot.ModelBuilder;

/// <summary>TensorProto.DataType values from onnx.proto.</summary>
internal enum OnnxElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
}
