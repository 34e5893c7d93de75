using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Onnx;

namespace DreamBot.Worker.Diffusion.Text;

/// <summary>
/// The CLIP text encoder's final_layer_norm, applied on the host to an earlier layer's hidden states, as diffusers'
/// encode_prompt and the webui do for CLIP skip. Its weight and bias are read from the graph: the LayerNormalization
/// that produces last_hidden_state, or the Mul and Add that end an older export's decomposed layer norm.
/// </summary>
public sealed class FinalLayerNorm
{
    // Ops an export may put between the norm and the graph output.
    private static readonly HashSet<string> PassThrough = ["Identity", "Cast"];

    private readonly float[] _weight;
    private readonly float[] _bias;
    private readonly double _epsilon;

    private FinalLayerNorm(float[] weight, float[] bias, double epsilon)
    {
        _weight = weight;
        _bias = bias;
        _epsilon = epsilon;
    }

    /// <param name="epsilon">text_encoder/config.json <c>layer_norm_eps</c> (CLIP's 1e-5 where absent).</param>
    public static FinalLayerNorm Read(string modelPath, string outputName, int hiddenSize, double epsilon)
    {
        var graph = OnnxGraphInfo.Read(modelPath);
        var node = Producer(graph, outputName);
        string[] candidates = node?.OpType switch
        {
            "LayerNormalization" when node.Inputs.Length >= 3 => [node.Inputs[1], node.Inputs[2]],
            "Add" => [.. node.Inputs, .. node.Inputs.Select(i => Producer(graph, i)).Where(p => p?.OpType == "Mul").SelectMany(p => p!.Inputs)],
            _ => [],
        };
        var values = OnnxInitializers.ReadFloats(modelPath, candidates);
        var vectors = candidates.Where(values.ContainsKey).Select(name => values[name]).Where(v => v.Length == hiddenSize).ToList();
        if (vectors.Count != 2)
            throw new ModelFolderException(modelPath, $"CLIP skip needs the final layer norm's weight and bias, which were not found as initializers before '{outputName}'");
        // LayerNormalization takes (X, scale, B); the decomposed form ends in Add(Mul(normalised, weight), bias).
        return node!.OpType == "LayerNormalization"
            ? new FinalLayerNorm(vectors[0], vectors[1], epsilon)
            : new FinalLayerNorm(vectors[1], vectors[0], epsilon);
    }

    /// <summary>Normalises each row of <paramref name="hidden"/> (rows of the hidden size) in place.</summary>
    public void Apply(Span<float> hidden)
    {
        var size = _weight.Length;
        for (var start = 0; start < hidden.Length; start += size)
        {
            var row = hidden.Slice(start, size);
            double sum = 0;
            foreach (var x in row)
                sum += x;
            var mean = sum / size;
            double squares = 0;
            foreach (var x in row)
                squares += (x - mean) * (x - mean);
            var scale = 1 / Math.Sqrt(squares / size + _epsilon);
            for (var i = 0; i < size; i++)
                row[i] = (float)((row[i] - mean) * scale * _weight[i] + _bias[i]);
        }
    }

    private static OnnxNodeInfo? Producer(OnnxGraphInfo graph, string value)
    {
        var node = graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(value, StringComparer.Ordinal));
        while (node is not null && PassThrough.Contains(node.OpType))
        {
            var input = node.Inputs[0];
            node = graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(input, StringComparer.Ordinal));
        }
        return node;
    }
}
