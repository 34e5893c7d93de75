namespace DreamBot.ModelBuilder.FullSize;

/// <summary>Stable Diffusion 1.5's UNet2DConditionModel with random weights: about 860M parameters.</summary>
internal static class FullSizeUNet
{
    private static readonly int[] BlockWidths = [320, 640, 1280, 1280];
    private const int LayersPerBlock = 2;
    private const int TimeProjectionWidth = 320;
    private const int TimeWidth = 1280;
    private const int Heads = 8;
    private const float ResnetEpsilon = 1e-5f;
    private const float TransformerNormEpsilon = 1e-6f;

    public static Layers Build(TinyModelOptions options, int part)
    {
        var n = new Layers(new OnnxGraph("unet"), options.Float16, options.Seed, part, options.Fused);
        var sample = n.Graph.Input("sample", n.Type, "batch_size", TinyGraphs.LatentChannels, "height", "width");
        var timestep = n.Graph.Input("timestep", options.FloatTimestep == true ? n.Type : OnnxElementType.Int64, "steps");
        var context = n.Graph.Input("encoder_hidden_states", n.Type, "batch_size", "sequence_length", FullSizeTextEncoder.Width);
        var time = (n.SiLU(TimeEmbedding(n, timestep)), TimeWidth);

        var x = n.Conv(sample, TinyGraphs.LatentChannels, BlockWidths[0], 3);
        var channels = BlockWidths[0];
        var skips = new Stack<(string Value, int Channels)>();
        skips.Push((x, channels));
        for (var block = 0; block < BlockWidths.Length; block++)
        {
            var last = block == BlockWidths.Length - 1;
            for (var layer = 0; layer < LayersPerBlock; layer++)
            {
                x = n.Resnet(x, channels, BlockWidths[block], ResnetEpsilon, time);
                channels = BlockWidths[block];
                if (!last)
                    x = Transformer(n, x, channels, context);
                skips.Push((x, channels));
            }
            if (!last)
            {
                x = n.Conv(x, channels, channels, 3, stride: 2);
                skips.Push((x, channels));
            }
        }

        x = n.Resnet(x, channels, channels, ResnetEpsilon, time);
        x = Transformer(n, x, channels, context);
        x = n.Resnet(x, channels, channels, ResnetEpsilon, time);

        for (var block = BlockWidths.Length - 1; block >= 0; block--)
        {
            for (var layer = 0; layer <= LayersPerBlock; layer++)
            {
                var (skip, skipChannels) = skips.Pop();
                var joined = n.Node("Concat", [x, skip], OnnxAttribute.Int("axis", 1));
                x = n.Resnet(joined, channels + skipChannels, BlockWidths[block], ResnetEpsilon, time);
                channels = BlockWidths[block];
                if (block < BlockWidths.Length - 1)
                    x = Transformer(n, x, channels, context);
            }
            if (block > 0)
                x = n.Conv(n.Upsample2x(x), channels, channels, 3);
        }

        var output = n.Conv(n.GroupNormSiLU(x, channels, ResnetEpsilon), channels, TinyGraphs.LatentChannels, 3);
        n.Output(output, "out_sample", "batch_size", TinyGraphs.LatentChannels, "height", "width");
        return n;
    }

    /// <summary>
    /// Sinusoidal projection (flip_sin_to_cos, frequency shift 0) then the two-layer MLP. The sinusoid is computed in
    /// float32 whatever the precision: float16 cannot hold a timestep near 1000 times a frequency precisely enough.
    /// </summary>
    internal static string TimeEmbedding(Layers n, string timestep) =>
        n.Linear(n.SiLU(n.Linear(Sinusoids(n, timestep, TimeProjectionWidth), TimeProjectionWidth, TimeWidth)), TimeWidth, TimeWidth);

    /// <summary>diffusers' Timesteps(width, flip_sin_to_cos=True, downscale_freq_shift=0) of a rank-1 tensor: [n, width].</summary>
    internal static string Sinusoids(Layers n, string values, int width)
    {
        var half = width / 2;
        var frequencies = Enumerable.Range(0, half).Select(i => MathF.Exp(-MathF.Log(10000) * i / half)).ToArray();
        var t = n.Node("Cast", [values], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var angles = n.Mul(n.Node("Unsqueeze", [t, n.Shape(1)]), n.Graph.Floats(frequencies, 1, half));
        var projected = n.Node("Concat", [n.Node("Cos", [angles]), n.Node("Sin", [angles])], OnnxAttribute.Int("axis", 1));
        return n.Type == OnnxElementType.Float ? projected : n.Node("Cast", [projected], OnnxAttribute.Int("to", (long)n.Type));
    }

    /// <summary>Transformer2DModel with one BasicTransformerBlock: self-attention, cross-attention on the text, GEGLU.</summary>
    private static string Transformer(Layers n, string x, int channels, string context)
    {
        var tokens = n.ToTokens(n.Conv(n.GroupNorm(x, channels, TransformerNormEpsilon), channels, channels, 1), channels);
        tokens = n.TransformerBlock(tokens, context, channels, FullSizeTextEncoder.Width, Heads);
        return n.Add(n.Conv(n.FromTokens(tokens, x), channels, channels, 1), x);
    }
}
