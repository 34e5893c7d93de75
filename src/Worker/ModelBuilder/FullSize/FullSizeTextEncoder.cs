namespace DreamBot.Worker.ModelBuilder.FullSize;

/// <summary>CLIP ViT-L/14's text transformer (Stable Diffusion 1.x's text encoder) with random weights: about 123M parameters.</summary>
internal static class FullSizeTextEncoder
{
    public const int Width = 768;
    private const int Layers = 12;
    private const int Heads = 12;
    private const int MlpWidth = 3072;
    // Large enough to zero a masked softmax weight, small enough for float16.
    private const float Masked = -1e4f;

    public static Layers Build(TinyModelOptions options, int part)
    {
        var n = new Layers(new OnnxGraph("text_encoder"), options.Float16, options.Seed, part);
        var idType = options.Int64InputIds ? OnnxElementType.Int64 : OnnxElementType.Int32;
        var ids = n.Graph.Input("input_ids", idType, "batch_size", TinyGraphs.TokenLength);
        var tokens = n.Node("Gather", [n.Weight(1, TinyGraphs.VocabSize, Width), ids], OnnxAttribute.Int("axis", 0));
        var x = n.Add(tokens, n.Weight(1, TinyGraphs.TokenLength, Width));
        var mask = CausalMask(n);
        for (var layer = 0; layer < Layers; layer++)
        {
            var normed = n.LayerNorm(x, Width);
            x = n.Add(x, n.MultiHeadAttention(normed, normed, Width, Width, Heads, projectionBias: true, mask));
            var hidden = n.Linear(n.LayerNorm(x, Width), Width, MlpWidth);
            var quickGelu = n.Mul(hidden, n.Node("Sigmoid", [n.Mul(hidden, n.Constant(1.702f))]));
            x = n.Add(x, n.Linear(quickGelu, MlpWidth, Width));
        }
        var last = n.LayerNorm(x, Width);
        n.Output(last, "last_hidden_state", "batch_size", TinyGraphs.TokenLength, Width);
        n.Output(Pool(n, ids, idType, last), "pooler_output", "batch_size", Width);
        return n;
    }

    private static string CausalMask(Layers n)
    {
        const int Length = TinyGraphs.TokenLength;
        var mask = new float[Length * Length];
        for (var row = 0; row < Length; row++)
        {
            for (var column = row + 1; column < Length; column++)
                mask[row * Length + column] = Masked;
        }
        return n.Values(mask, Length, Length);
    }

    /// <summary>CLIP's pooled output: the final hidden state at the end-of-text token, the highest id in the row.</summary>
    private static string Pool(Layers n, string ids, OnnxElementType idType, string hidden)
    {
        // ArgMax has int32 kernels but not int64 ones on the CPU provider.
        var ids32 = idType == OnnxElementType.Int32 ? ids : n.Node("Cast", [ids], OnnxAttribute.Int("to", (long)OnnxElementType.Int32));
        var position = n.Node("ArgMax", [ids32], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        var index = n.Node("Expand", [n.Node("Unsqueeze", [position, n.Shape(2)]), n.Shape(1, 1, Width)]);
        var gathered = n.Node("GatherElements", [hidden, index], OnnxAttribute.Int("axis", 1));
        return n.Node("Squeeze", [gathered, n.Shape(1)]);
    }
}
