using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Upscaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Upscaling;

public sealed class UpscalerTests
{
    private static readonly OnnxSessionFactory Cpu = new(ExecutionDevice.Cpu, 0, NullLogger.Instance);

    private static Upscaler Load(TinyUpscaler graph)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("tiny-upscaler"), "model.onnx");
        graph.Write(path);
        return Upscaler.Load(path, Cpu);
    }

    private static float[] Pixels(int width, int height, int seed = 3)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3 * width * height).Select(_ => random.NextSingle()).ToArray();
    }

    [Theory]
    [InlineData(2, false, null, 2)]
    [InlineData(4, false, null, 4)]
    [InlineData(4, true, null, 4)]
    [InlineData(2, false, 32, 2)]
    [InlineData(4, true, 32, 4)]
    public void ScaleAndTile_AreReadFromTheGraph(int scale, bool float16, int? fixedSide, int expected)
    {
        using var upscaler = Load(new TinyUpscaler(scale, float16, fixedSide));

        Assert.Equal(expected, upscaler.Scale);
        Assert.Equal(fixedSide is { } side ? (side, side) : null, upscaler.FixedTile);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tiled_EqualsUntiled_WhenTheReceptiveFieldIsInsideTheOverlap(bool float16)
    {
        // The tiny graph reaches under 3 input pixels; a 16-pixel overlap leaves 4 on each side unused.
        using var upscaler = Load(new TinyUpscaler(Scale: 4, Float16: float16));
        var (width, height) = (101, 77);
        var pixels = Pixels(width, height);

        var untiled = upscaler.Upscale(pixels, width, height, tile: 128, overlap: 0);
        var tiled = upscaler.Upscale(pixels, width, height, tile: 40, overlap: 16);

        Assert.Equal(3 * width * 4 * height * 4, tiled.Length);
        Assert.Equal(untiled, tiled);
    }

    [Fact]
    public void AStaticExport_IsTiledAtItsOwnSize_AndMatchesTheSameWeightsUntiledToFloatRounding()
    {
        using var dynamicGraph = Load(new TinyUpscaler(Scale: 2, Seed: 9));
        using var staticGraph = Load(new TinyUpscaler(Scale: 2, FixedSide: 32, Seed: 9));
        var (width, height) = (90, 70);
        var pixels = Pixels(width, height);

        var untiled = dynamicGraph.Upscale(pixels, width, height, tile: 256);
        var tiled = staticGraph.Upscale(pixels, width, height, overlap: 16);

        Assert.Equal(untiled.Length, tiled.Length);
        // ONNX Runtime compiles a static graph for its one shape and may pick other kernels: equal up to float rounding.
        Assert.InRange(untiled.Zip(tiled, (a, b) => Math.Abs(a - b)).Max(), 0f, 1e-6f);
    }

    [Fact]
    public void AStaticExport_LargerThanTheImage_IsFedTheEdgePixelsRepeated_AndCroppedBack()
    {
        using var upscaler = Load(new TinyUpscaler(Scale: 2, FixedSide: 64));

        var upscaled = upscaler.Upscale(Pixels(20, 30), 20, 30);

        Assert.Equal(3 * 40 * 60, upscaled.Length);
        Assert.All(upscaled, value => Assert.InRange(value, 0f, 1f));
    }

    [Fact]
    public void Seams_StayWithinTolerance_WhenTheOverlapIsNarrowerThanTheReceptiveField()
    {
        // Overlap 4 leaves one pixel unused on each side, under the graph's reach of nearly 3: seams differ, a little.
        using var upscaler = Load(new TinyUpscaler(Scale: 2));
        var (width, height) = (64, 64);
        var pixels = Pixels(width, height);

        var untiled = upscaler.Upscale(pixels, width, height, tile: 64, overlap: 0);
        var tiled = upscaler.Upscale(pixels, width, height, tile: 20, overlap: 4);

        var worst = untiled.Zip(tiled, (a, b) => Math.Abs(a - b)).Max();
        Assert.NotEqual(untiled, tiled);
        Assert.InRange(worst, 0f, 0.1f);
    }

    [Fact]
    public void AGraphWithMoreThanOneOutput_IsRefusedNamingTheFile()
    {
        var folder = TestPaths.NewTempDirectory("not-an-upscaler");
        TinyModelGenerator.Write(folder, null, new TinyModelOptions());
        var path = Path.Combine(folder, "text_encoder", "model.onnx");

        var error = Assert.Throws<ModelFolderException>(() => Upscaler.Load(path, Cpu));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
