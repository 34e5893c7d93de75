namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// CLIP text transformers with random weights: ViT-L/14's (Stable Diffusion 1.x's text encoder and SDXL's first, about
/// 123M parameters) and OpenCLIP ViT-bigG/14's with its projection (SDXL's text_encoder_2, about 695M). SDXL's also
/// output every layer's hidden states, named and ordered as Optimum exports them.
/// </summary>
internal static class FullSizeTextEncoder
{
    public const int Width = 768;
    public const int XlWidth = 1280;
    // Large enough to zero a masked softmax weight, small enough for float16.
    private const float Masked = -1e4f;

    /// <summary>Stable Diffusion 1.x's text encoder.</summary>
    public static readonly ClipText Sd = new("text_encoder", Width, Layers: 12, Heads: 12, QuickGelu: true, Projection: false, HiddenStates: false);

    /// <summary>SDXL's text_encoder: ViT-L/14 with its hidden states.</summary>
    public static readonly ClipText XlFirst = Sd with { HiddenStates = true };

    /// <summary>SDXL's text_encoder_2: CLIPTextModelWithProjection, exact GELU.</summary>
    public static readonly ClipText XlSecond = new("text_encoder_2", XlWidth, Layers: 32, Heads: 20, QuickGelu: false, Projection: true, HiddenStates: true);

    public static Layers Build(TinyModelOptions options, int part, ClipText clip)
    {
        var width = clip.Width;
        var n = new Layers(new OnnxGraph(clip.Name), options.Float16, options.Seed, part);
        var idType = options.Int64InputIds ? OnnxElementType.Int64 : OnnxElementType.Int32;
        var ids = n.Graph.Input("input_ids", idType, "batch_size", TinyGraphs.TokenLength);
        var tokens = n.Node("Gather", [n.Weight(1, TinyGraphs.VocabSize, width), ids], OnnxAttribute.Int("axis", 0));
        var x = n.Add(tokens, n.Weight(1, TinyGraphs.TokenLength, width));
        var mask = CausalMask(n);
        var states = new List<string> { x };
        for (var layer = 0; layer < clip.Layers; layer++)
        {
            var normed = n.LayerNorm(x, width);
            x = n.Add(x, n.MultiHeadAttention(normed, normed, width, width, clip.Heads, projectionBias: true, mask));
            var hidden = n.Linear(n.LayerNorm(x, width), width, 4 * width);
            var activated = clip.QuickGelu ? n.Mul(hidden, n.Node("Sigmoid", [n.Mul(hidden, n.Constant(1.702f))])) : n.Gelu(hidden);
            x = n.Add(x, n.Linear(activated, 4 * width, width));
            states.Add(x);
        }
        var last = n.LayerNorm(x, width);
        if (clip.Projection)
        {
            n.Output(n.Linear(Pool(n, ids, idType, last, width), width, width, bias: false), "text_embeds", "batch_size", width);
            n.Output(last, "last_hidden_state", "batch_size", TinyGraphs.TokenLength, width);
        }
        else
        {
            n.Output(last, "last_hidden_state", "batch_size", TinyGraphs.TokenLength, width);
            n.Output(Pool(n, ids, idType, last, width), "pooler_output", "batch_size", width);
        }
        for (var i = 0; clip.HiddenStates && i < states.Count; i++)
            n.Output(states[i], $"hidden_states.{i}", "batch_size", TinyGraphs.TokenLength, width);
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
    private static string Pool(Layers n, string ids, OnnxElementType idType, string hidden, int width)
    {
        // ArgMax has int32 kernels but not int64 ones on the CPU provider.
        var ids32 = idType == OnnxElementType.Int32 ? ids : n.Node("Cast", [ids], OnnxAttribute.Int("to", (long)OnnxElementType.Int32));
        var position = n.Node("ArgMax", [ids32], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        var index = n.Node("Expand", [n.Node("Unsqueeze", [position, n.Shape(2)]), n.Shape(1, 1, width)]);
        var gathered = n.Node("GatherElements", [hidden, index], OnnxAttribute.Int("axis", 1));
        return n.Node("Squeeze", [gathered, n.Shape(1)]);
    }
}
