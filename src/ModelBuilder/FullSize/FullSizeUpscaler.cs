namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// A random-weight graph shaped as Real-ESRGAN x4plus's generator (BasicSR's RRDBNet with num_block 23, num_feat 64,
/// num_grow_ch 32, scale 4: 16,697,987 parameters), with the upscaler export conventions <see cref="TinyUpscaler"/>
/// has: <c>input</c> [N, 3, H, W] in 0..1, <c>output</c> [N, 3, 4H, 4W], in float32 or float16 throughout. For timing
/// and memory at the real size, not for pictures.
/// </summary>
/// <param name="Float16">Weights, activations, input and output in float16, as a half-precision export has them.</param>
public sealed record FullSizeUpscaler(bool Float16 = false, int Seed = 1)
{
    public const int Blocks = 23;
    public const int Features = 64;
    public const int Growth = 32;

    /// <summary>What the torch module counts for num_block 23, num_feat 64, num_grow_ch 32, scale 4.</summary>
    public const long RealEsrganX4PlusParameters = 16_697_987;

    /// <summary>Writes the graph; returns its parameter count as torch counts it.</summary>
    public long Write(string path)
    {
        var n = new Layers(new OnnxGraph("upscaler"), Float16, Seed, part: 0);
        n.Graph.Input("input", n.Type, "batch_size", 3L, "height", "width");
        var features = n.Conv("input", 3, Features, 3);
        var body = features;
        for (var i = 0; i < Blocks; i++)
            body = ResidualInResidual(n, body);
        features = n.Add(features, n.Conv(body, Features, Features, 3));
        // Scale 4 takes the input as it is (no pixel unshuffle): two nearest ×2 upsamplings, each followed by a convolution.
        features = Leaky(n, n.Conv(n.Upsample2x(features), Features, Features, 3));
        features = Leaky(n, n.Conv(n.Upsample2x(features), Features, Features, 3));
        var rgb = n.Conv(Leaky(n, n.Conv(features, Features, Features, 3)), Features, 3, 3);
        n.Output(rgb, "output", "batch_size", 3L, "height_out", "width_out");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        n.Graph.Save(path);
        return n.ParameterCount;
    }

    /// <summary>RRDB: three residual dense blocks, the sum scaled by 0.2 onto the input.</summary>
    private static string ResidualInResidual(Layers n, string x)
    {
        var y = x;
        for (var i = 0; i < 3; i++)
            y = ResidualDense(n, y);
        return n.Add(n.Mul(y, n.Constant(0.2f)), x);
    }

    /// <summary>Five convolutions, each seeing the input and every growth before it; the last scaled by 0.2 onto the input.</summary>
    private static string ResidualDense(Layers n, string x)
    {
        var seen = x;
        for (var i = 0; i < 4; i++)
        {
            var grown = Leaky(n, n.Conv(seen, Features + i * Growth, Growth, 3));
            seen = n.Node("Concat", [seen, grown], OnnxAttribute.Int("axis", 1));
        }
        var last = n.Conv(seen, Features + 4 * Growth, Features, 3);
        return n.Add(n.Mul(last, n.Constant(0.2f)), x);
    }

    private static string Leaky(Layers n, string x) => n.Node("LeakyRelu", [x], OnnxAttribute.Float("alpha", 0.2f));
}
