using DreamBot.Worker.Diffusion.Loading;
namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// The structure of an ONNX model file read straight from its protobuf: nodes (operator, inputs, outputs, where they sit
/// in the file) and the shapes of its initializers, never their data. ONNX Runtime's metadata holds only the graph's
/// inputs and outputs; counts that an export leaves symbolic there are still in the weights.
/// </summary>
public sealed class OnnxGraphInfo
{
    // ModelProto.graph, GraphProto.node / initializer, NodeProto and TensorProto field numbers from onnx.proto.
    internal const int ModelGraph = 7;
    internal const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeOpType = 4;
    private const int TensorDims = 1;
    private const int TensorName = 8;

    // Ops that pass a tensor on without changing what its axes mean, between a graph input and its first layer.
    private static readonly HashSet<string> PassThrough = ["Cast", "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze"];

    private readonly Dictionary<string, long[]> _initializers;

    private OnnxGraphInfo(List<OnnxNodeInfo> nodes, Dictionary<string, long[]> initializers, GraphSpan graph)
    {
        Nodes = nodes;
        _initializers = initializers;
        Graph = graph;
    }

    public IReadOnlyList<OnnxNodeInfo> Nodes { get; }

    /// <summary>Where the ModelProto's graph field lies in the file.</summary>
    internal GraphSpan Graph { get; }

    public static OnnxGraphInfo Read(string modelPath)
    {
        try
        {
            using var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(file);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException)
        {
            throw new ModelFolderException(modelPath, "not a readable ONNX model: " + e.Message, e);
        }
    }

    internal static OnnxGraphInfo Read(Stream stream)
    {
        var reader = new ProtoReader(stream);
        var nodes = new List<OnnxNodeInfo>();
        var initializers = new Dictionary<string, long[]>(StringComparer.Ordinal);
        GraphSpan? graph = null;
        while (reader.Next(stream.Length, out var field, out var wire))
        {
            if (field != ModelGraph || wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            var tagStart = stream.Position - 1;
            var end = reader.MessageEnd();
            graph = new GraphSpan(tagStart, reader.Position, end);
            ReadGraph(reader, end, nodes, initializers);
        }
        return new OnnxGraphInfo(nodes, initializers, graph ?? throw new InvalidDataException("the model has no graph"));
    }

    public bool Contains(params string[] opTypes) => Nodes.Any(n => opTypes.Contains(n.OpType, StringComparer.Ordinal));

    /// <summary>
    /// The shape of the weight that the first <paramref name="opType"/> layer reached from graph input
    /// <paramref name="input"/> takes at <paramref name="weightIndex"/> (a Conv's kernel, a Gather's table); null when
    /// no such layer or weight is found.
    /// </summary>
    public long[]? FirstWeightShape(string input, string opType, int weightIndex)
    {
        var frontier = new Queue<string>([input]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.TryDequeue(out var value))
        {
            if (!seen.Add(value))
                continue;
            foreach (var node in Nodes.Where(n => n.Inputs.Contains(value, StringComparer.Ordinal)))
            {
                if (node.OpType == opType && node.Inputs.Length > weightIndex && _initializers.TryGetValue(node.Inputs[weightIndex], out var shape))
                    return shape;
                if (PassThrough.Contains(node.OpType) && node.Inputs[0] == value)
                    foreach (var output in node.Outputs)
                        frontier.Enqueue(output);
            }
        }
        return null;
    }

    private static void ReadGraph(ProtoReader reader, long end, List<OnnxNodeInfo> nodes, Dictionary<string, long[]> initializers)
    {
        while (reader.Next(end, out var field, out var wire))
        {
            var tagStart = reader.Position - 1;
            if (field == GraphNode && wire == ProtoReader.LengthDelimited)
                nodes.Add(ReadNode(reader, tagStart));
            else if (field == GraphInitializer && wire == ProtoReader.LengthDelimited)
                ReadInitializer(reader, initializers);
            else
                reader.Skip(wire);
        }
    }

    private static OnnxNodeInfo ReadNode(ProtoReader reader, long tagStart)
    {
        var end = reader.MessageEnd();
        var contentStart = reader.Position;
        List<string> inputs = [], outputs = [];
        var opType = "";
        while (reader.Next(end, out var field, out var wire))
        {
            switch (field)
            {
                case NodeInput when wire == ProtoReader.LengthDelimited: inputs.Add(reader.ReadString()); break;
                case NodeOutput when wire == ProtoReader.LengthDelimited: outputs.Add(reader.ReadString()); break;
                case NodeOpType when wire == ProtoReader.LengthDelimited: opType = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxNodeInfo(opType, [.. inputs], [.. outputs], tagStart, contentStart, end);
    }

    private static void ReadInitializer(ProtoReader reader, Dictionary<string, long[]> initializers)
    {
        var end = reader.MessageEnd();
        var dims = new List<long>();
        var name = "";
        while (reader.Next(end, out var field, out var wire))
        {
            if (field == TensorDims && wire == ProtoReader.Varint)
            {
                dims.Add((long)reader.ReadVarint());
            }
            else if (field == TensorDims && wire == ProtoReader.LengthDelimited)
            {
                var packedEnd = reader.MessageEnd();
                while (reader.Position < packedEnd)
                    dims.Add((long)reader.ReadVarint());
            }
            else if (field == TensorName && wire == ProtoReader.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }
        initializers[name] = [.. dims];
    }

    /// <summary>The graph field: its tag's position, where its content starts and where it ends.</summary>
    internal readonly record struct GraphSpan(long TagStart, long ContentStart, long End);
}
