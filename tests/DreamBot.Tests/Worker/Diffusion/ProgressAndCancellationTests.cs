using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class ProgressAndCancellationTests(TinyModelFixture models)
{
    [Fact]
    public async Task GenerateAsync_ReportsEveryStepInOrder()
    {
        using var pipeline = Pipeline();
        var reports = new List<GenerationProgress>();

        await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Steps = 6 }, null, reports.Add, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(6, r.TotalSteps));
        Assert.True(reports[^1].Elapsed >= reports[0].Elapsed);
    }

    [Fact]
    public async Task Progress_RendersALatentPreviewPng_FourTimesTheLatentSize()
    {
        using var pipeline = Pipeline();
        byte[]? preview = null;

        await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request(), null, p => preview ??= p.RenderPreview(), CancellationToken.None);

        Assert.NotNull(preview);
        using var image = Image.Load(preview);
        Assert.Equal((128, 128), (image.Width, image.Height)); // 256 px / 8 (VAE) * 4 (preview upscale)
    }

    [Fact]
    public async Task GenerateAsync_StopsBetweenSteps_WhenCancelled()
    {
        using var pipeline = Pipeline();
        using var cancellation = new CancellationTokenSource();
        var steps = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.GenerateAsync(
            StableDiffusionPipelineTests.Request() with { Steps = 10 }, null,
            p =>
            {
                steps = p.Step;
                if (p.Step == 3)
                    cancellation.Cancel();
            },
            cancellation.Token));

        Assert.Equal(3, steps);
    }

    [Fact]
    public async Task GenerateAsync_StillWorks_AfterACancelledRun()
    {
        using var pipeline = Pipeline();
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.GenerateAsync(
            StableDiffusionPipelineTests.Request(), null, _ => cancellation.Cancel(), cancellation.Token));

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request(), null, null, CancellationToken.None);

        Assert.Single(result.Images);
    }

    private StableDiffusionPipeline Pipeline() => new(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
}
