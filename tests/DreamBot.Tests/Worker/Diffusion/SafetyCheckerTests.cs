using DreamBot.Worker.Diffusion.Components;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class SafetyCheckerTests(TinyModelFixture models)
{
    [Theory]
    [InlineData(255, true)]
    [InlineData(0, false)]
    public void IsFlagged_FollowsTheModel_ForBrightAndDarkImages(byte value, bool flagged)
    {
        var checker = models.Model(TinyModelFixture.Float32).SafetyChecker!;
        using var image = new Image<Rgb24>(256, 256, new Rgb24(value, value, value));
        var planes = PixelConversion.ToSignedPlanar(image);

        var result = checker.IsFlagged(ClipImageProcessor.Preprocess(image), PixelConversion.ToUnitInterleaved(planes, 256, 256), 256, 256);

        Assert.Equal(flagged, result);
    }

    [Fact]
    public async Task GenerateAsync_ReportsAVerdictPerImage_WhenTheModelHasASafetyChecker()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Count = 2 }, null, null, CancellationToken.None);

        Assert.All(result.Images, image => Assert.NotNull(image.Flagged));
        Assert.Equal(result.Images.Select(i => ExpectedVerdict(i.Png)), result.Images.Select(i => i.Flagged!.Value));
    }

    [Fact]
    public async Task GenerateAsync_ReportsNoVerdict_WhenTheModelHasNoSafetyChecker()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float16), ImageLimits.Default);

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request(), null, null, CancellationToken.None);

        Assert.Null(Assert.Single(result.Images).Flagged);
    }

    // The tiny checker flags an image whose CLIP-normalised crop has a positive mean.
    private static bool ExpectedVerdict(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        return ClipImageProcessor.Preprocess(image).Average() > 0;
    }
}
