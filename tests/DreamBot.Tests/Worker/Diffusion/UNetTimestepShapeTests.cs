using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class UNetTimestepShapeTests(TinyModelFixture models)
{
    // A batch-2 static export declares timestep [2]; some exports declare a scalar.
    [Theory]
    [InlineData(new long[] { 2 })]
    [InlineData(new long[0])]
    public async Task GenerateAsync_FeedsTheTimestepShapeTheUNetDeclares(long[] timestepShape)
    {
        var path = models.Write(new TinyModelOptions());
        WriteUNet(Path.Combine(path, "unet", "model.onnx"), timestepShape);
        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        // Guidance above 1 runs both branches in one batch of 2, the batch such an export was made for.
        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Guidance = 7.5 }, null, null, CancellationToken.None);

        Assert.Equal(timestepShape, model.UNet.TimestepShape);
        Assert.Single(result.Images);
    }

    // out_sample = sample + mean(timestep) / 10000: the timestep is read, whatever its shape.
    private static void WriteUNet(string path, long[] timestepShape)
    {
        var g = new OnnxGraph("unet");
        g.Input("sample", OnnxElementType.Float, "batch_size", (long)TinyGraphs.LatentChannels, "height", "width");
        g.Input("timestep", OnnxElementType.Int64, [.. timestepShape.Cast<object>()]);
        g.Input("encoder_hidden_states", OnnxElementType.Float, "batch_size", "sequence_length", (long)TinyGraphs.HiddenSize);
        var t = g.Node("Cast", ["timestep"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var mean = g.Node("ReduceMean", [t], OnnxAttribute.Int("keepdims", 0));
        g.NodeTo("Add", ["sample", g.Node("Mul", [mean, g.Scalar(1e-4f)])], "out_sample");
        g.Output("out_sample", OnnxElementType.Float, "batch_size", (long)TinyGraphs.LatentChannels, "height", "width");
        g.Save(path);
    }
}
