using System.Runtime.InteropServices;
using DreamBot.Worker.Diffusion.Onnx;

namespace DreamBot.ModelBuilder;

/// <summary>
/// Builds one ONNX model (opset 17, IR version 8) and writes it as a ModelProto, optionally with large
/// initializers in an external data file beside it, as exports of big UNets do. Initializers may be produced lazily at
/// <see cref="Save"/>, one at a time, so a multi-gigabyte model never sits in memory whole.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private const long IrVersion = 8;
    private const long Opset = 17;
    private const int ExternalThresholdBytes = 1024;
    private const string ContribDomain = "com.microsoft";

    private readonly List<Action<ProtoWriter>> _nodes = [];
    private readonly List<(string Name, OnnxElementType Type, long[] Dims, Func<byte[]> Data)> _initializers = [];
    private readonly List<Action<ProtoWriter>> _inputs = [];
    private readonly List<Action<ProtoWriter>> _outputs = [];
    private readonly Dictionary<string, int> _operatorCounts = [];
    private readonly HashSet<string> _domains = [""];
    private int _nextName;

    /// <summary>Declares a graph input; <paramref name="dims"/> holds longs (fixed) or strings (symbolic).</summary>
    public string Input(string inputName, OnnxElementType type, params object[] dims)
    {
        _inputs.Add(w => WriteValueInfo(w, inputName, type, dims));
        return inputName;
    }

    public void Output(string outputName, OnnxElementType type, params object[] dims) =>
        _outputs.Add(w => WriteValueInfo(w, outputName, type, dims));

    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        NodeTo(opType, inputs, $"{opType.ToLowerInvariant()}_{_nextName++}", attributes);

    public string NodeTo(string opType, string[] inputs, string output, params OnnxAttribute[] attributes)
    {
        AddNode("", opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>
    /// A node of ONNX Runtime's own operators (the com.microsoft domain), with <paramref name="outputs"/> outputs; an
    /// output left unused is named "" as ONNX writes skipped optional outputs. Returns the output names.
    /// </summary>
    public string[] ContribNode(string opType, string[] inputs, bool[] outputs, params OnnxAttribute[] attributes)
    {
        var names = outputs.Select(used => used ? $"{opType.ToLowerInvariant()}_{_nextName++}" : "").ToArray();
        AddNode(ContribDomain, opType, inputs, names, attributes);
        return names;
    }

    /// <summary>How many nodes of each operator the graph has so far.</summary>
    public IReadOnlyDictionary<string, int> OperatorCounts => _operatorCounts;

    private void AddNode(string domain, string opType, string[] inputs, string[] outputs, OnnxAttribute[] attributes)
    {
        var nodeName = $"n{_nextName++}";
        _operatorCounts[opType] = _operatorCounts.GetValueOrDefault(opType) + 1;
        _domains.Add(domain);
        _nodes.Add(w =>
        {
            foreach (var input in inputs)
                w.String(1, input);
            foreach (var output in outputs)
                w.String(2, output);
            w.String(3, nodeName);
            w.String(4, opType);
            foreach (var attribute in attributes)
                w.Message(5, attribute.Write);
            if (domain.Length > 0)
                w.String(7, domain);
        });
    }

    public string Floats(float[] values, params long[] dims) =>
        Initializer(OnnxElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public string Int64s(long[] values, params long[] dims) =>
        Initializer(OnnxElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public string Scalar(float value) => Floats([value]);

    /// <summary>Uniform weights in [-scale, scale] from a seeded generator, so a model folder is reproducible.</summary>
    public string RandomFloats(Random random, float scale, params long[] dims)
    {
        var count = 1L;
        foreach (var dim in dims)
            count *= dim;
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return Floats(values, dims);
    }

    /// <summary>Writes the model; with <paramref name="externalDataFile"/> large initializers go to that file beside it.</summary>
    public void Save(string path, string? externalDataFile = null)
    {
        using var external = externalDataFile is null
            ? null
            : File.Create(Path.Combine(Path.GetDirectoryName(path)!, externalDataFile));
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, "dreambot-tiny");
        model.Message(7, graph =>
        {
            foreach (var node in _nodes)
                graph.Message(1, node);
            graph.String(2, name);
            foreach (var init in _initializers)
                graph.Message(5, w => WriteInitializer(w, init, externalDataFile, external));
            foreach (var input in _inputs)
                graph.Message(11, input);
            foreach (var output in _outputs)
                graph.Message(12, output);
        });
        foreach (var domain in _domains)
            model.Message(8, w =>
            {
                w.String(1, domain);
                w.Int64(2, domain.Length == 0 ? Opset : 1);
            });
        File.WriteAllBytes(path, model.ToArray());
    }

    /// <summary>An initializer whose raw little-endian bytes <paramref name="produce"/> returns when the model is saved.</summary>
    public string Lazy(OnnxElementType type, long[] dims, Func<byte[]> produce)
    {
        var initName = $"w{_nextName++}";
        _initializers.Add((initName, type, dims, produce));
        return initName;
    }

    private string Initializer(OnnxElementType type, byte[] data, long[] dims) => Lazy(type, dims, () => data);

    private static void WriteInitializer(
        ProtoWriter w, (string Name, OnnxElementType Type, long[] Dims, Func<byte[]> Data) init, string? externalFile, FileStream? external)
    {
        foreach (var dim in init.Dims)
            w.Int64(1, dim);
        w.Int64(2, (long)init.Type);
        w.String(8, init.Name);
        var data = init.Data();
        if (external is null || data.Length < ExternalThresholdBytes)
        {
            w.Bytes(9, data);
            return;
        }
        var offset = external.Position;
        external.Write(data);
        w.Message(13, e => { e.String(1, "location"); e.String(2, externalFile!); });
        w.Message(13, e => { e.String(1, "offset"); e.String(2, offset.ToString(System.Globalization.CultureInfo.InvariantCulture)); });
        w.Message(13, e => { e.String(1, "length"); e.String(2, data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)); });
        w.Int64(14, 1);
    }

    private static void WriteValueInfo(ProtoWriter w, string valueName, OnnxElementType type, object[] dims)
    {
        w.String(1, valueName);
        w.Message(2, typeProto => typeProto.Message(1, tensor =>
        {
            tensor.Int64(1, (long)type);
            tensor.Message(2, shape =>
            {
                foreach (var dim in dims)
                {
                    shape.Message(1, d =>
                    {
                        if (dim is string symbol)
                            d.String(2, symbol);
                        else
                            d.Int64(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    });
                }
            });
        }));
    }
}
