namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// SDXL base 1.0's UNet2DConditionModel with random weights, about 2.6B parameters: three levels (320, 640, 1280), no
/// attention at the first, transformer depths 2 and 10 with 64-wide heads and linear projections, cross-attention on
/// 2048-wide text features, and the "text_time" added embedding of text_embeds and the six time ids.
/// </summary>
internal static class FullSizeXlUNet
{
    public const int ContextWidth = FullSizeTextEncoder.Width + FullSizeTextEncoder.XlWidth;
    private static readonly int[] BlockWidths = [320, 640, 1280];
    private static readonly int[] TransformerDepths = [0, 2, 10];
    private const int LayersPerBlock = 2;
    private const int TimeWidth = 1280;
    private const int TimeIdWidth = 256;
    private const int HeadWidth = 64;
    private const float ResnetEpsilon = 1e-5f;
    private const float TransformerNormEpsilon = 1e-6f;

    public static Layers Build(TinyModelOptions options, int part)
    {
        var n = new Layers(new OnnxGraph("unet"), options.Float16, options.Seed, part, options.Fused);
        var sample = n.Graph.Input("sample", n.Type, "batch_size", TinyGraphs.LatentChannels, "height", "width");
        var timestep = n.Graph.Input("timestep", options.FloatTimestep == true ? n.Type : OnnxElementType.Int64, "steps");
        var context = n.Graph.Input("encoder_hidden_states", n.Type, "batch_size", "sequence_length", ContextWidth);
        var textEmbeds = n.Graph.Input("text_embeds", n.Type, "batch_size", FullSizeTextEncoder.XlWidth);
        var timeIds = n.Graph.Input("time_ids", n.Type, "batch_size", 6);
        var embedding = n.Add(FullSizeUNet.TimeEmbedding(n, timestep), AddedEmbedding(n, textEmbeds, timeIds));
        var time = (n.SiLU(embedding), TimeWidth);

        var x = n.Conv(sample, TinyGraphs.LatentChannels, BlockWidths[0], 3);
        var channels = BlockWidths[0];
        var skips = new Stack<(string Value, int Channels)>();
        skips.Push((x, channels));
        for (var block = 0; block < BlockWidths.Length; block++)
        {
            for (var layer = 0; layer < LayersPerBlock; layer++)
            {
                x = n.Resnet(x, channels, BlockWidths[block], ResnetEpsilon, time);
                channels = BlockWidths[block];
                x = Transformer(n, x, channels, TransformerDepths[block], context);
                skips.Push((x, channels));
            }
            if (block < BlockWidths.Length - 1)
            {
                x = n.Conv(x, channels, channels, 3, stride: 2);
                skips.Push((x, channels));
            }
        }

        x = n.Resnet(x, channels, channels, ResnetEpsilon, time);
        x = Transformer(n, x, channels, TransformerDepths[^1], context);
        x = n.Resnet(x, channels, channels, ResnetEpsilon, time);

        for (var block = BlockWidths.Length - 1; block >= 0; block--)
        {
            for (var layer = 0; layer <= LayersPerBlock; layer++)
            {
                var (skip, skipChannels) = skips.Pop();
                var joined = n.Node("Concat", [x, skip], OnnxAttribute.Int("axis", 1));
                x = n.Resnet(joined, channels + skipChannels, BlockWidths[block], ResnetEpsilon, time);
                channels = BlockWidths[block];
                x = Transformer(n, x, channels, TransformerDepths[block], context);
            }
            if (block > 0)
                x = n.Conv(n.Upsample2x(x), channels, channels, 3);
        }

        var output = n.Conv(n.GroupNormSiLU(x, channels, ResnetEpsilon), channels, TinyGraphs.LatentChannels, 3);
        n.Output(output, "out_sample", "batch_size", TinyGraphs.LatentChannels, "height", "width");
        return n;
    }

    /// <summary>add_embedding(concat(text_embeds, add_time_proj(time_ids.flatten()).reshape(batch, -1))).</summary>
    private static string AddedEmbedding(Layers n, string textEmbeds, string timeIds)
    {
        var ids = n.Node("Reshape", [timeIds, n.Shape(-1)]);
        var idFeatures = n.Node("Reshape", [FullSizeUNet.Sinusoids(n, ids, TimeIdWidth), n.Shape(-1, 6 * TimeIdWidth)]);
        var joined = n.Node("Concat", [textEmbeds, idFeatures], OnnxAttribute.Int("axis", 1));
        const int Inputs = FullSizeTextEncoder.XlWidth + 6 * TimeIdWidth;
        return n.Linear(n.SiLU(n.Linear(joined, Inputs, TimeWidth)), TimeWidth, TimeWidth);
    }

    /// <summary>Transformer2DModel with linear projections and <paramref name="depth"/> BasicTransformerBlocks; none at depth 0.</summary>
    private static string Transformer(Layers n, string x, int channels, int depth, string context)
    {
        if (depth == 0)
            return x;
        var heads = channels / HeadWidth;
        var tokens = n.Linear(n.ToTokens(n.GroupNorm(x, channels, TransformerNormEpsilon), channels), channels, channels);
        for (var block = 0; block < depth; block++)
            tokens = n.TransformerBlock(tokens, context, channels, ContextWidth, heads);
        return n.Add(n.FromTokens(n.Linear(tokens, channels, channels), x), x);
    }
}
