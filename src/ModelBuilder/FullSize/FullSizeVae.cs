namespace DreamBot.ModelBuilder.FullSize;

/// <summary>Stable Diffusion 1.5's AutoencoderKL halves with random weights: decoder about 49.5M, encoder about 34.2M parameters.</summary>
internal static class FullSizeVae
{
    /// <summary>The config's block_out_channels; three 2x steps between them give the scale factor 8.</summary>
    public static readonly int[] BlockWidths = [128, 256, 512, 512];
    private const int EncoderLayersPerBlock = 2;
    private const int DecoderLayersPerBlock = 3;
    private const float Epsilon = 1e-6f;

    public static Layers Decoder(TinyModelOptions options, int part)
    {
        var n = new Layers(new OnnxGraph("vae_decoder"), options.Float16, options.Seed, part, options.Fused);
        const int Latent = TinyGraphs.LatentChannels;
        var latent = n.Graph.Input("latent_sample", n.Type, "batch_size", Latent, "latent_height", "latent_width");
        var channels = BlockWidths[^1];
        var x = n.Conv(n.Conv(latent, Latent, Latent, 1), Latent, channels, 3);
        x = Mid(n, x, channels);
        for (var block = BlockWidths.Length - 1; block >= 0; block--)
        {
            for (var layer = 0; layer < DecoderLayersPerBlock; layer++)
            {
                x = n.Resnet(x, channels, BlockWidths[block], Epsilon);
                channels = BlockWidths[block];
            }
            if (block > 0)
                x = n.Conv(n.Upsample2x(x), channels, channels, 3);
        }
        n.Output(NormOut(n, x, channels, 3), "sample", "batch_size", 3, "height", "width");
        return n;
    }

    /// <summary>The encoder with quant_conv; it returns the latent distribution's mean, the first half of its channels.</summary>
    public static Layers Encoder(TinyModelOptions options, int part)
    {
        var n = new Layers(new OnnxGraph("vae_encoder"), options.Float16, options.Seed, part, options.Fused);
        const int Latent = TinyGraphs.LatentChannels;
        var image = n.Graph.Input("sample", n.Type, "batch_size", 3, "height", "width");
        var channels = BlockWidths[0];
        var x = n.Conv(image, 3, channels, 3);
        for (var block = 0; block < BlockWidths.Length; block++)
        {
            for (var layer = 0; layer < EncoderLayersPerBlock; layer++)
            {
                x = n.Resnet(x, channels, BlockWidths[block], Epsilon);
                channels = BlockWidths[block];
            }
            // diffusers pads the right and bottom edges only before a stride-2 conv without padding.
            if (block < BlockWidths.Length - 1)
                x = n.Conv(x, channels, channels, 3, stride: 2, pads: [0, 0, 1, 1]);
        }
        x = Mid(n, x, channels);
        var moments = n.Conv(NormOut(n, x, channels, 2 * Latent), 2 * Latent, 2 * Latent, 1);
        var mean = n.Node("Slice", [moments, n.Shape(0), n.Shape(Latent), n.Shape(1)]);
        n.Output(mean, "latent_sample", "batch_size", Latent, "latent_height", "latent_width");
        return n;
    }

    /// <summary>UNetMidBlock2D: resnet, single-head self-attention over every pixel, resnet.</summary>
    private static string Mid(Layers n, string x, int channels)
    {
        x = n.Resnet(x, channels, channels, Epsilon);
        var tokens = n.ToTokens(n.GroupNorm(x, channels, Epsilon), channels);
        var attended = n.MultiHeadAttention(tokens, tokens, channels, channels, heads: 1, projectionBias: true);
        x = n.Add(n.FromTokens(attended, x), x);
        return n.Resnet(x, channels, channels, Epsilon);
    }

    private static string NormOut(Layers n, string x, int channels, int outChannels) =>
        n.Conv(n.GroupNormSiLU(x, channels, Epsilon), channels, outChannels, 3);
}
