namespace DreamBot.ModelBuilder;

/// <summary>
/// Writes a random-weight super-resolution graph with the conventions of Real-ESRGAN's exports: <c>input</c>
/// [N, 3, H, W] in 0..1, <c>output</c> [N, 3, sH, sW]; a first convolution and a residual body at the input size, then
/// one nearest-neighbour ×2 and a convolution per doubling, then the RGB convolution. Its receptive field reaches under
/// three input pixels, so tiles overlapping by 12 or more give the untiled image exactly.
/// </summary>
/// <param name="Scale">2 or 4.</param>
/// <param name="Float16">float16 input and output, as half-precision exports have them.</param>
/// <param name="FixedSide">A static export of this tile side (Real-ESRGAN's own script writes 64); null: symbolic axes.</param>
/// <param name="Features">Feature channels; wider graphs are slower, for benchmarks.</param>
public sealed record TinyUpscaler(int Scale = 4, bool Float16 = false, int? FixedSide = null, int Features = 16, int Seed = 1)
{
    public void Write(string path)
    {
        if (Scale is not (2 or 4))
            throw new ArgumentException($"the scale must be 2 or 4, not {Scale}");
        if (FixedSide is < 1)
            throw new ArgumentException($"a fixed side must be positive, not {FixedSide}");
        ArgumentOutOfRangeException.ThrowIfLessThan(Features, 1);
        var random = new Random(Seed);
        var io = Float16 ? OnnxElementType.Float16 : OnnxElementType.Float;
        var g = new OnnxGraph("upscaler");
        object batch = FixedSide is null ? "batch_size" : 1L;
        object height = FixedSide is { } side ? (long)side : "height";
        object width = FixedSide is { } w ? (long)w : "width";
        g.Input("input", io, batch, 3L, height, width);
        var x = Float16 ? g.Node("Cast", ["input"], OnnxAttribute.Int("to", (long)OnnxElementType.Float)) : "input";

        string Conv(string value, int inChannels, int outChannels, float scale) => g.Node("Conv",
            [value, g.RandomFloats(random, scale, outChannels, inChannels, 3, 3), g.RandomFloats(random, 0.05f, outChannels)],
            OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        string Leaky(string value) => g.Node("LeakyRelu", [value], OnnxAttribute.Float("alpha", 0.2f));

        var features = Conv(x, 3, Features, 0.3f);
        var body = g.Node("Add", [features, Conv(Leaky(features), Features, Features, 0.1f)]);
        for (var doubled = 2; doubled <= Scale; doubled *= 2)
        {
            var upsampled = g.Node("Resize", [body, "", g.Floats([1, 1, 2, 2], 4)], OnnxAttribute.String("mode", "nearest"));
            body = Leaky(Conv(upsampled, Features, Features, 0.1f));
        }
        // A sigmoid keeps the output in 0..1, as a trained model's nearly is.
        var rgb = g.Node("Sigmoid", [Conv(body, Features, 3, 0.2f)]);
        object outHeight = FixedSide is { } fh ? (long)(fh * Scale) : "height_out";
        object outWidth = FixedSide is { } fw ? (long)(fw * Scale) : "width_out";
        g.NodeTo(Float16 ? "Cast" : "Identity", [rgb], "output",
            Float16 ? [OnnxAttribute.Int("to", (long)OnnxElementType.Float16)] : []);
        g.Output("output", io, batch, 3L, outHeight, outWidth);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        g.Save(path);
    }
}
