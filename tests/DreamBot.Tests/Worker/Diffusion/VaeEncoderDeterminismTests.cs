using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>VAE encoders exported with latent_dist.sample() draw RandomNormalLike noise inside the graph.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class VaeEncoderDeterminismTests(TinyModelFixture models)
{
    [Theory]
    [InlineData(ExportLayout.DiffusersScriptOld, true)]
    [InlineData(ExportLayout.DiffusersScript, true)]
    [InlineData(ExportLayout.OptimumOld, true)]
    [InlineData(ExportLayout.Optimum, false)]
    [InlineData(ExportLayout.DreamBot, false)]
    public void Load_DetectsAnEncoderThatDrawsNoise(ExportLayout layout, bool drawsNoise)
    {
        var model = models.Model(new TinyModelOptions(Layout: layout));

        Assert.Equal(drawsNoise, model.VaeEncoder!.DrawsNoise);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ImageToImage_IsReproducible_WhenTheEncoderSamplesInsideTheGraph(bool float16)
    {
        using var pipeline = new StableDiffusionPipeline(
            models.Model(new TinyModelOptions(Float16: float16, Layout: ExportLayout.DiffusersScript)), ImageLimits.Default);

        var first = await pipeline.GenerateAsync(Request(), TestImages.Gradient(256, 256), null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(Request(), TestImages.Gradient(256, 256), null, CancellationToken.None);

        Assert.Equal(first.Images[0].Png, second.Images[0].Png);
    }

    [Fact]
    public async Task ASamplingEncoder_GivesTheMean_AsAnEncoderThatReturnsTheDistributionsParameters()
    {
        // Same seed, same weights: diffusers' script samples in the graph, Optimum returns mean and log-variance.
        using var sampling = new StableDiffusionPipeline(models.Model(new TinyModelOptions(Layout: ExportLayout.DiffusersScript)), ImageLimits.Default);
        using var parameters = new StableDiffusionPipeline(models.Model(new TinyModelOptions(Layout: ExportLayout.Optimum)), ImageLimits.Default);

        var fromSample = await sampling.GenerateAsync(Request(), TestImages.Gradient(256, 256), null, CancellationToken.None);
        var fromParameters = await parameters.GenerateAsync(Request(), TestImages.Gradient(256, 256), null, CancellationToken.None);

        Assert.Equal(StableDiffusionPipelineTests.Pixels(fromParameters.Images[0].Png), StableDiffusionPipelineTests.Pixels(fromSample.Images[0].Png));
    }

    private static DreamParameters Request() =>
        StableDiffusionPipelineTests.Request() with { InitImage = "gradient.png", Steps = 4, Strength = 0.5 };
}
