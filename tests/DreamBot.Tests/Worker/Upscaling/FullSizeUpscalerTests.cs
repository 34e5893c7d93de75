using DreamBot.ModelBuilder.FullSize;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Upscaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Tests.Worker.Upscaling;

/// <summary><c>generate-tiny-upscaler --full-size</c>: Real-ESRGAN x4plus's shape, loaded and run like any upscaler.</summary>
public sealed class FullSizeUpscalerTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("full-size-upscaler");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // BasicSR's RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=64, num_block=23, num_grow_ch=32, scale=4), 3×3 convolutions
    // with bias (9·in·out + out each): a residual dense block is 18,464 + 27,680 + 36,896 + 46,112 + 110,656 = 239,808;
    // an RRDB three of them; conv_first 1,792, conv_body, conv_up1, conv_up2 and conv_hr 36,928 each, conv_last 1,731.
    [Fact]
    public void TheParameterCount_IsRealEsrganX4Plus()
    {
        const long Expected = 23L * 3 * 239_808 + 1_792 + 4 * 36_928 + 1_731;

        var count = new FullSizeUpscaler().Write(Path.Combine(_directory, "x4plus.onnx"));

        Assert.Equal(16_697_987, Expected);
        Assert.Equal(Expected, count);
        Assert.Equal(FullSizeUpscaler.RealEsrganX4PlusParameters, count);
    }

    [Theory]
    [InlineData(false, TensorElementType.Float)]
    [InlineData(true, TensorElementType.Float16)]
    public void TheGraph_UpscalesFourTimes_InItsPrecision_WithBoundedActivations(bool float16, TensorElementType type)
    {
        var path = Path.Combine(_directory, float16 ? "x4plus-fp16.onnx" : "x4plus.onnx");
        new FullSizeUpscaler(Float16: float16).Write(path);
        using var upscaler = Upscaler.Load(path, new OnnxSessionFactory(ExecutionDevice.Cpu, 0, NullLogger.Instance));
        var random = new Random(2);
        var pixels = Enumerable.Range(0, 3 * 12 * 8).Select(_ => random.NextSingle()).ToArray();

        var output = upscaler.Upscale(pixels, 12, 8);

        Assert.Equal((4, type, 3 * 48 * 32), (upscaler.Scale, upscaler.ElementType, output.Length));
        // Like the real export its output is not clamped (the caller clamps); random weights must still not overflow float16.
        Assert.All(output, v => Assert.InRange(v, -100f, 100f));
        Assert.True(output.Distinct().Count() > 100, "the output varies with the input");
    }
}
