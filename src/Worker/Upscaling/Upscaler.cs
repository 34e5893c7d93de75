using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Upscaling;

/// <summary>
/// A super-resolution graph as the Real-ESRGAN / SwinIR family is exported: one image input [N, 3, H, W] in 0..1
/// (float32 or float16), one output [N, 3, sH, sW]. Names, dtype, scale and any fixed tile size come from the graph.
/// Images are upscaled tile by tile (see <see cref="TileAxis"/>), so memory stays bounded at any size.
/// </summary>
public sealed class Upscaler : IDisposable
{
    /// <summary>Input pixels of overlap between neighbouring tiles when the caller names none.</summary>
    public const int DefaultOverlap = 32;

    /// <summary>Input pixels per tile side for graphs that accept any size, when the caller names none.</summary>
    public const int DefaultTile = 256;

    private const int ProbeSide = 16;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private bool _disposed;

    private Upscaler(InferenceSession session, string path)
    {
        _session = session;
        var signature = new GraphSignature(session, path);
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            throw signature.Error($"an upscaler has one input and one output; this graph has {session.InputMetadata.Count} and {session.OutputMetadata.Count}");
        _inputName = session.InputMetadata.Keys.Single();
        _outputName = session.OutputMetadata.Keys.Single();
        var input = signature.Input(_inputName, 4, GraphSignature.FloatTypes);
        var output = signature.Output(_outputName, 4, GraphSignature.FloatTypes);
        signature.RequireDim(input, _inputName, 1, 3);
        signature.RequireDim(output, _outputName, 1, 3);
        ElementType = input.ElementDataType;
        // A static export (Real-ESRGAN's own script writes 64×64) fixes the tile; its output reveals the scale.
        if (GraphSignature.FixedDim(input, 2) is { } height && GraphSignature.FixedDim(input, 3) is { } width)
            FixedTile = (width, height);
        Scale = StaticScale(input, output) ?? ProbeScale();
        if (Scale < 1)
            throw signature.Error($"the output is not a whole multiple of the input (scale {Scale})");
    }

    /// <summary>The output side per input side (2 or 4 for the usual models).</summary>
    public int Scale { get; }

    public TensorElementType ElementType { get; }

    /// <summary>The only input size a static export accepts; null when any size goes.</summary>
    public (int Width, int Height)? FixedTile { get; }

    public static Upscaler Load(string path, OnnxSessionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!File.Exists(path))
            throw new ModelFolderException(path, "the upscaler file does not exist");
        var session = factory.Create(path);
        try
        {
            return new Upscaler(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Upscales [3, H, W] pixels in 0..1 to [3, sH, sW], in tiles of <paramref name="tile"/> input pixels (ignored for a
    /// static export) overlapping by <paramref name="overlap"/>. A tile as large as the image gives the untiled result.
    /// </summary>
    public float[] Upscale(ReadOnlySpan<float> planes, int width, int height, int tile = DefaultTile, int overlap = DefaultOverlap)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (planes.Length != 3 * width * height)
            throw new ArgumentException($"expected {3 * width * height} values for {width}×{height}, got {planes.Length}", nameof(planes));
        var (tileWidth, tileHeight) = FixedTile ?? (tile, tile);
        var columns = new TileAxis(width, tileWidth, Math.Min(overlap, tileWidth - 1));
        var rows = new TileAxis(height, tileHeight, Math.Min(overlap, tileHeight - 1));
        // A static export needs its full tile even where the image is smaller; the edge pixels are repeated into it.
        var (inWidth, inHeight) = FixedTile ?? (columns.Tile, rows.Tile);
        var (outWidth, outHeight) = (width * Scale, height * Scale);
        var result = new float[3 * outWidth * outHeight];
        var input = new float[3 * inWidth * inHeight];
        var output = new float[3 * inWidth * inHeight * Scale * Scale];
        // Tiles join into a row strip across the overlaps between columns, strips into the image across those between
        // rows: one axis at a time, each later tile taking over from the one before, so no corner mixes in a tile's edge.
        var stripHeight = rows.Tile * Scale;
        var strip = new float[3 * outWidth * stripHeight];
        for (var row = 0; row < rows.Starts.Count; row++)
        {
            for (var column = 0; column < columns.Starts.Count; column++)
            {
                CopyTile(planes, width, height, columns.Starts[column], rows.Starts[row], input, inWidth, inHeight);
                Run(input, inWidth, inHeight, output);
                var left = columns.Starts[column] * Scale;
                for (var c = 0; c < 3; c++)
                {
                    for (var y = 0; y < stripHeight; y++)
                    {
                        var source = output.AsSpan((((c * inHeight * Scale) + y) * inWidth * Scale), columns.Tile * Scale);
                        var target = strip.AsSpan((((c * stripHeight) + y) * outWidth) + left, source.Length);
                        Blend(source, target, columns, column, left);
                    }
                }
            }
            var top = rows.Starts[row] * Scale;
            for (var y = 0; y < stripHeight; y++)
            {
                var weight = rows.Weight(row, top + y, Scale);
                for (var c = 0; c < 3; c++)
                    BlendRow(strip.AsSpan(((c * stripHeight) + y) * outWidth, outWidth), result.AsSpan((((c * outHeight) + top + y) * outWidth), outWidth), weight);
            }
        }
        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }

    private void Run(float[] input, int width, int height, float[] output)
    {
        using var tensor = TensorData.FromFloats(input, [1, 3, height, width], ElementType);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [tensor], [_outputName]);
        var shape = TensorData.Shape(outputs[0]);
        if (TensorData.ElementCount(shape) != output.Length)
            throw new InvalidOperationException($"The upscaler returned [{string.Join(", ", shape)}], expected [1, 3, {height * Scale}, {width * Scale}]");
        TensorData.ReadFloats(outputs[0], output);
    }

    private static void CopyTile(ReadOnlySpan<float> planes, int width, int height, int x0, int y0, float[] tile, int tileWidth, int tileHeight)
    {
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < tileHeight; y++)
            {
                var sourceRow = (c * height + Math.Min(y0 + y, height - 1)) * width;
                var targetRow = (c * tileHeight + y) * tileWidth;
                for (var x = 0; x < tileWidth; x++)
                    tile[targetRow + x] = planes[sourceRow + Math.Min(x0 + x, width - 1)];
            }
        }
    }

    /// <summary>One row of a tile into its strip, weighted along the columns.</summary>
    private void Blend(ReadOnlySpan<float> tile, Span<float> strip, TileAxis columns, int column, int left)
    {
        for (var x = 0; x < tile.Length; x++)
            strip[x] = Lerp(strip[x], tile[x], columns.Weight(column, left + x, Scale));
    }

    private static void BlendRow(ReadOnlySpan<float> strip, Span<float> image, float weight)
    {
        if (weight == 0)
            return;
        for (var x = 0; x < strip.Length; x++)
            image[x] = Lerp(image[x], strip[x], weight);
    }

    /// <summary>from + w·(to − from): where the tiles agree that is exactly their value, whatever the weight.</summary>
    private static float Lerp(float from, float to, float weight) => weight switch
    {
        0 => from,
        1 => to,
        _ => from + (weight * (to - from)),
    };

    private static int? StaticScale(NodeMetadata input, NodeMetadata output) =>
        GraphSignature.FixedDim(input, 2) is { } h && GraphSignature.FixedDim(output, 2) is { } outH && outH % h == 0 ? outH / h : null;

    /// <summary>Symbolic axes hide the scale: one run on a small blank tile shows it.</summary>
    private int ProbeScale()
    {
        using var probe = TensorData.FromFloats(new float[3 * ProbeSide * ProbeSide], [1, 3, ProbeSide, ProbeSide], ElementType);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [probe], [_outputName]);
        var shape = TensorData.Shape(outputs[0]);
        return shape[2] % ProbeSide == 0 && shape[3] == shape[2] ? (int)(shape[2] / ProbeSide) : 0;
    }
}
