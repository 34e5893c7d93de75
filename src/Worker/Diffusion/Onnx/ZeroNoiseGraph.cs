namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// Makes a graph that draws random numbers deterministic by replacing each random op with zeros of the same shape and
/// type: RandomNormalLike(x) and RandomUniformLike(x) become Sub(x, x) (cast to their dtype), RandomNormal and
/// RandomUniform a Constant. A VAE encoder exported with <c>latent_dist.sample()</c> (mean + std × noise) then returns
/// the distribution's mean, as exports that give the parameters do. ONNX Runtime offers no seed that makes repeated
/// runs of one session agree (each run advances the op's generator), and a zero scale trips its own assertion.
/// </summary>
internal static class ZeroNoiseGraph
{
    // NodeProto, AttributeProto and TensorProto field numbers from onnx.proto.
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeInt = 3;
    private const int AttributeTensor = 5;
    private const int AttributeInts = 8;
    private const int AttributeType = 20;
    private const int IntType = 2;
    private const int TensorType = 4;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorRawData = 9;
    private const int FloatDataType = 1;

    private static readonly HashSet<string> LikeOps = ["RandomNormalLike", "RandomUniformLike"];
    private static readonly HashSet<string> ShapedOps = ["RandomNormal", "RandomUniform"];

    public static bool Draws(OnnxGraphInfo graph) => graph.Nodes.Any(IsRandom);

    /// <summary>The model file's bytes with every random op replaced by zeros.</summary>
    public static byte[] Rewrite(string modelPath, OnnxGraphInfo graph)
    {
        var bytes = File.ReadAllBytes(modelPath);
        var span = graph.Graph;
        var body = new ProtoWriter();
        var cursor = span.ContentStart;
        foreach (var node in graph.Nodes.Where(IsRandom).OrderBy(n => n.TagStart))
        {
            body.Raw(bytes.AsSpan((int)cursor, (int)(node.TagStart - cursor)));
            WriteZeros(body, node, ReadAttributes(bytes, node));
            cursor = node.End;
        }
        body.Raw(bytes.AsSpan((int)cursor, (int)(span.End - cursor)));

        var model = new ProtoWriter();
        model.Raw(bytes.AsSpan(0, (int)span.TagStart));
        model.Bytes(OnnxGraphInfo.ModelGraph, body.ToArray());
        model.Raw(bytes.AsSpan((int)span.End));
        return model.ToArray();
    }

    private static bool IsRandom(OnnxNodeInfo node) => LikeOps.Contains(node.OpType) || ShapedOps.Contains(node.OpType);

    private static void WriteZeros(ProtoWriter graph, OnnxNodeInfo node, (long? DataType, long[] Shape) attributes)
    {
        var output = node.Outputs[0];
        if (ShapedOps.Contains(node.OpType))
        {
            var dataType = attributes.DataType ?? FloatDataType;
            var count = attributes.Shape.Aggregate(1L, (product, dim) => product * dim);
            Node(graph, "Constant", [], output, a => a.Message(NodeAttribute, t =>
            {
                t.String(AttributeName, "value");
                t.Message(AttributeTensor, tensor =>
                {
                    foreach (var dim in attributes.Shape)
                        tensor.Int64(TensorDims, dim);
                    tensor.Int64(TensorDataType, dataType);
                    tensor.Bytes(TensorRawData, new byte[count * ElementSize(dataType)]);
                });
                t.Int64(AttributeType, TensorType);
            }));
            return;
        }
        var x = node.Inputs[0];
        if (attributes.DataType is not { } to)
        {
            Node(graph, "Sub", [x, x], output, null);
            return;
        }
        var zeros = output + "/zeros";
        Node(graph, "Sub", [x, x], zeros, null);
        Node(graph, "Cast", [zeros], output, a => a.Message(NodeAttribute, t =>
        {
            t.String(AttributeName, "to");
            t.Int64(AttributeInt, to);
            t.Int64(AttributeType, IntType);
        }));
    }

    private static void Node(ProtoWriter graph, string opType, string[] inputs, string output, Action<ProtoWriter>? attributes) =>
        graph.Message(OnnxGraphInfo.GraphNode, n =>
        {
            foreach (var input in inputs)
                n.String(NodeInput, input);
            n.String(NodeOutput, output);
            n.String(NodeName, output + "/zero_noise");
            n.String(NodeOpType, opType);
            attributes?.Invoke(n);
        });

    private static int ElementSize(long dataType) => dataType switch
    {
        10 or 16 => 2, // float16, bfloat16
        11 => 8, // double
        _ => 4,
    };

    /// <summary>The random op's <c>dtype</c> and <c>shape</c> attributes.</summary>
    private static (long? DataType, long[] Shape) ReadAttributes(byte[] bytes, OnnxNodeInfo node)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = new ProtoReader(stream);
        reader.Seek(node.ContentStart);
        long? dataType = null;
        long[] shape = [];
        while (reader.Next(node.End, out var field, out var wire))
        {
            if (field != NodeAttribute || wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            var end = reader.MessageEnd();
            var name = "";
            long? single = null;
            var list = new List<long>();
            while (reader.Next(end, out var attributeField, out var attributeWire))
            {
                if (attributeField == AttributeName && attributeWire == ProtoReader.LengthDelimited)
                    name = reader.ReadString();
                else if (attributeField == AttributeInt && attributeWire == ProtoReader.Varint)
                    single = (long)reader.ReadVarint();
                else if (attributeField == AttributeInts && attributeWire == ProtoReader.Varint)
                    list.Add((long)reader.ReadVarint());
                else if (attributeField == AttributeInts && attributeWire == ProtoReader.LengthDelimited)
                    list.AddRange(ReadPacked(reader));
                else
                    reader.Skip(attributeWire);
            }
            if (name == "dtype")
                dataType = single;
            else if (name == "shape")
                shape = [.. list];
        }
        return (dataType, shape);
    }

    private static List<long> ReadPacked(ProtoReader reader)
    {
        var end = reader.MessageEnd();
        var values = new List<long>();
        while (reader.Position < end)
            values.Add((long)reader.ReadVarint());
        return values;
    }
}
