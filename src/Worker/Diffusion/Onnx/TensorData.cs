using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>Moves float32 host data in and out of float32 or float16 tensors.</summary>
public static class TensorData
{
    /// <summary>A CPU tensor of <paramref name="type"/> holding <paramref name="values"/> (converted to float16 if needed).</summary>
    public static OrtValue FromFloats(ReadOnlySpan<float> values, long[] shape, TensorElementType type)
    {
        if (type == TensorElementType.Float16)
        {
            var halves = new Float16[values.Length];
            TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<Float16, Half>(halves.AsSpan()));
            return OrtValue.CreateTensorValueFromMemory(halves, shape);
        }
        return OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape);
    }

    /// <summary>Copies a host float32 or float16 tensor into <paramref name="destination"/> as float32.</summary>
    public static void ReadFloats(OrtValue value, Span<float> destination)
    {
        var type = value.GetTensorTypeAndShape().ElementDataType;
        if (type == TensorElementType.Float16)
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()), destination);
        else
            value.GetTensorDataAsSpan<float>().CopyTo(destination);
    }

    public static long[] Shape(OrtValue value) => value.GetTensorTypeAndShape().Shape;

    public static long ElementCount(long[] shape)
    {
        var count = 1L;
        foreach (var dim in shape)
            count *= dim;
        return count;
    }
}
