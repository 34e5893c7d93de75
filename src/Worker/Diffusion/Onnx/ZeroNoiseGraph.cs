namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// Makes a graph that draws random numbers deterministic by turning each random op's spread to zero: a RandomNormal
/// gets mean 0 and scale 0, a RandomUniform low 0 and high 0, so every draw is 0. A VAE encoder exported with
/// <c>latent_dist.sample()</c> (mean + std × RandomNormalLike) then returns the distribution's mean, as exports that
/// give the parameters do. ONNX Runtime offers no seed that would make repeated runs of one session agree: each run
/// advances the op's generator.
/// </summary>
internal static class ZeroNoiseGraph
{
    // NodeProto.attribute and AttributeProto name / f / type field numbers from onnx.proto.
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeType = 20;
    private const int FloatAttribute = 1;

    private static readonly Dictionary<string, string[]> SpreadAttributes = new(StringComparer.Ordinal)
    {
        ["RandomNormal"] = ["mean", "scale"],
        ["RandomNormalLike"] = ["mean", "scale"],
        ["RandomUniform"] = ["low", "high"],
        ["RandomUniformLike"] = ["low", "high"],
    };

    public static bool Draws(OnnxGraphInfo graph) => graph.Nodes.Any(n => SpreadAttributes.ContainsKey(n.OpType));

    /// <summary>The model file's bytes with every random op's draws fixed at zero.</summary>
    public static byte[] Rewrite(string modelPath, OnnxGraphInfo graph)
    {
        var bytes = File.ReadAllBytes(modelPath);
        var span = graph.Graph;
        var body = new ProtoWriter();
        var cursor = span.ContentStart;
        foreach (var node in graph.Nodes.Where(n => SpreadAttributes.ContainsKey(n.OpType)).OrderBy(n => n.TagStart))
        {
            body.Raw(bytes.AsSpan((int)cursor, (int)(node.TagStart - cursor)));
            body.Message(OnnxGraphInfo.GraphNode, w => WriteNode(w, bytes, node));
            cursor = node.End;
        }
        body.Raw(bytes.AsSpan((int)cursor, (int)(span.End - cursor)));

        var model = new ProtoWriter();
        model.Raw(bytes.AsSpan(0, (int)span.TagStart));
        model.Bytes(OnnxGraphInfo.ModelGraph, body.ToArray());
        model.Raw(bytes.AsSpan((int)span.End));
        return model.ToArray();
    }

    private static void WriteNode(ProtoWriter node, byte[] bytes, OnnxNodeInfo info)
    {
        var zeroed = SpreadAttributes[info.OpType];
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = new ProtoReader(stream);
        reader.Seek(info.ContentStart);
        while (true)
        {
            var start = reader.Position;
            if (!reader.Next(info.End, out var field, out var wire))
                break;
            var replaced = field == NodeAttribute && wire == ProtoReader.LengthDelimited && zeroed.Contains(AttributeNameAt(reader));
            if (!replaced)
            {
                reader.Seek(start);
                reader.Next(info.End, out _, out wire);
                reader.Skip(wire);
                node.Raw(bytes.AsSpan((int)start, (int)(reader.Position - start)));
            }
        }
        foreach (var name in zeroed)
        {
            node.Message(NodeAttribute, a =>
            {
                a.String(AttributeName, name);
                a.Float(AttributeFloat, 0f);
                a.Int64(AttributeType, FloatAttribute);
            });
        }
    }

    /// <summary>Reads an attribute's name and leaves the reader after the attribute.</summary>
    private static string AttributeNameAt(ProtoReader reader)
    {
        var end = reader.MessageEnd();
        var name = "";
        while (reader.Next(end, out var field, out var wire))
        {
            if (field == AttributeName && wire == ProtoReader.LengthDelimited)
                name = reader.ReadString();
            else
                reader.Skip(wire);
        }
        return name;
    }
}
