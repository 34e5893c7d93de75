using DreamBot.Worker.Diffusion.Loading;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// Reads the values of a few named float initializers (a layer's weights) straight from an ONNX model file: raw_data or
/// float_data in the file, or a range of its external data file. Float16 values come back as float32.
/// </summary>
public static class OnnxInitializers
{
    // TensorProto field numbers and data types from onnx.proto.
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int TensorExternalData = 13;
    private const int GraphInitializer = 5;
    private const int StringEntryKey = 1;
    private const int StringEntryValue = 2;
    private const int Float = 1;
    private const int Float16 = 10;

    /// <summary>The values of each of <paramref name="names"/> found; an absent name is not in the result.</summary>
    public static Dictionary<string, float[]> ReadFloats(string modelPath, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var reader = new ProtoReader(file);
            var graph = OnnxGraphInfo.Read(file).Graph;
            reader.Seek(graph.ContentStart);
            while (reader.Next(graph.End, out var field, out var wire))
            {
                if (field == GraphInitializer && wire == ProtoReader.LengthDelimited)
                    ReadTensor(reader, file, modelPath, names, found);
                else
                    reader.Skip(wire);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException or FormatException)
        {
            throw new ModelFolderException(modelPath, "unreadable initializer: " + e.Message, e);
        }
        return found;
    }

    private static void ReadTensor(ProtoReader reader, FileStream file, string modelPath, IReadOnlyCollection<string> names, Dictionary<string, float[]> found)
    {
        var end = reader.MessageEnd();
        var name = "";
        var type = 0;
        byte[]? raw = null;
        List<float>? floats = null;
        Dictionary<string, string>? external = null;
        while (reader.Next(end, out var field, out var wire))
        {
            if (field == TensorName && wire == ProtoReader.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == TensorDataType && wire == ProtoReader.Varint)
            {
                type = (int)reader.ReadVarint();
            }
            else if (field == TensorRawData && wire == ProtoReader.LengthDelimited && WantedSoFar(name, names))
            {
                var rawEnd = reader.MessageEnd();
                raw = new byte[rawEnd - reader.Position];
                file.ReadExactly(raw);
            }
            else if (field == TensorFloatData && wire == ProtoReader.LengthDelimited && WantedSoFar(name, names))
            {
                var packedEnd = reader.MessageEnd();
                floats = [];
                while (reader.Position < packedEnd)
                    floats.Add(reader.ReadFloat());
            }
            else if (field == TensorExternalData && wire == ProtoReader.LengthDelimited)
            {
                var entryEnd = reader.MessageEnd();
                string key = "", value = "";
                while (reader.Next(entryEnd, out var entryField, out var entryWire))
                {
                    if (entryField == StringEntryKey && entryWire == ProtoReader.LengthDelimited)
                        key = reader.ReadString();
                    else if (entryField == StringEntryValue && entryWire == ProtoReader.LengthDelimited)
                        value = reader.ReadString();
                    else
                        reader.Skip(entryWire);
                }
                (external ??= new(StringComparer.Ordinal))[key] = value;
            }
            else
            {
                reader.Skip(wire);
            }
        }
        if (!names.Contains(name))
            return;
        if (external is not null)
            raw = ReadExternal(modelPath, external);
        if (floats is not null)
            found[name] = [.. floats];
        else if (raw is not null)
            found[name] = Decode(raw, type, name);
    }

    // Writers put the name first, but protobuf allows any order: a tensor whose name comes later is read in full.
    private static bool WantedSoFar(string name, IReadOnlyCollection<string> names) => name.Length == 0 || names.Contains(name);

    private static byte[] ReadExternal(string modelPath, Dictionary<string, string> entries)
    {
        if (!entries.TryGetValue("location", out var location) || location.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(location))
            throw new InvalidDataException("external data without a plain location beside the model");
        var offset = entries.TryGetValue("offset", out var o) ? long.Parse(o, CultureInfo.InvariantCulture) : 0;
        using var data = File.OpenRead(Path.Combine(Path.GetDirectoryName(modelPath)!, location));
        var length = entries.TryGetValue("length", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : data.Length - offset;
        var bytes = new byte[length];
        data.Seek(offset, SeekOrigin.Begin);
        data.ReadExactly(bytes);
        return bytes;
    }

    private static float[] Decode(byte[] raw, int type, string name)
    {
        switch (type)
        {
            case Float:
                return MemoryMarshal.Cast<byte, float>(raw).ToArray();
            case Float16:
                var values = new float[raw.Length / 2];
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(raw), values);
                return values;
            default:
                throw new InvalidDataException($"initializer '{name}' has data type {type}, not float or float16");
        }
    }
}
