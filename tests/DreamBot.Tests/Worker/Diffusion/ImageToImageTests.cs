using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static DreamBot.Tests.Infrastructure.TestImages;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class ImageToImageTests(TinyModelFixture models)
{
    [Theory]
    [InlineData(10, 0.5, 5)]
    [InlineData(10, 1.0, 10)]
    [InlineData(10, 0.25, 2)]
    [InlineData(7, 0.3, 2)]
    public async Task GenerateAsync_RunsIntOfStepsTimesStrength_FromAnInitImage(int steps, double strength, int expectedSteps)
    {
        using var pipeline = Pipeline();
        var calls = 0;

        var result = await pipeline.GenerateAsync(
            Parameters() with { Steps = steps, Strength = strength }, Gradient(256, 256), _ => calls++, CancellationToken.None);

        Assert.Equal(expectedSteps, result.StepsRun);
        Assert.Equal(expectedSteps, calls);
        Assert.Contains($"Denoising strength: {strength}", PngEncoding.ReadParameters(result.Images[0].Png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_DependsOnTheInitImage()
    {
        using var pipeline = Pipeline();

        var first = await pipeline.GenerateAsync(Parameters(), Gradient(256, 256), null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(Parameters(), Solid(256, 256, 10), null, CancellationToken.None);

        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(first.Images[0].Png), StableDiffusionPipelineTests.Pixels(second.Images[0].Png));
    }

    [Fact]
    public async Task GenerateAsync_CropsAnInitImageOfAnotherSizeToTheRequestedSize()
    {
        using var pipeline = Pipeline();

        var result = await pipeline.GenerateAsync(Parameters() with { Width = 320, Height = 256 }, Gradient(300, 170), null, CancellationToken.None);

        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((320, 256), (image.Width, image.Height));
    }

    [Fact]
    public async Task GenerateAsync_RejectsGarbageAsAnInitImage()
    {
        using var pipeline = Pipeline();

        await Assert.ThrowsAsync<InvalidImageException>(() =>
            pipeline.GenerateAsync(Parameters(), "definitely not an image"u8.ToArray(), null, CancellationToken.None));
    }

    [Fact]
    public async Task GenerateAsync_RejectsATruncatedPng()
    {
        using var pipeline = Pipeline();
        var png = Gradient(256, 256);

        await Assert.ThrowsAsync<InvalidImageException>(() =>
            pipeline.GenerateAsync(Parameters(), png[..(png.Length / 2)], null, CancellationToken.None));
    }

    [Fact]
    public async Task GenerateAsync_Throws_WhenTheModelHasNoVaeEncoder()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.FloatTimestepNoEncoder), ImageLimits.Default);

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            pipeline.GenerateAsync(Parameters(), Gradient(256, 256), null, CancellationToken.None));
    }

    [Fact]
    public async Task GenerateAsync_WorksFromAFloat16Model()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float16), ImageLimits.Default);

        var result = await pipeline.GenerateAsync(Parameters(), Gradient(256, 256), null, CancellationToken.None);

        Assert.Equal(4, result.StepsRun);
    }

    [Fact]
    public async Task GenerateAsync_Rejects_WhenStepsTimesStrengthIsBelowOne()
    {
        using var pipeline = Pipeline();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            pipeline.GenerateAsync(Parameters() with { Steps = 4, Strength = 0.2 }, Gradient(64, 64), null, CancellationToken.None));
        Assert.Contains("runs no step", error.Message, StringComparison.Ordinal);
    }

    private static DreamParameters Parameters() =>
        StableDiffusionPipelineTests.Request() with { InitImage = "init.png", Steps = 8, Strength = 0.5 };

    private StableDiffusionPipeline Pipeline() => new(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
}
