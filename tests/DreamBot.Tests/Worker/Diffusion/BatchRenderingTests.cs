using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.ModelBuilder;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>A batch of requests renders each image byte for byte as its request renders alone.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchRenderingTests(TinyModelFixture models)
{
    private static readonly TinyModelOptions Lcm = new(Family: ModelFamily.Lcm);
    private static readonly TinyModelOptions Sd2 = new(Family: ModelFamily.Sd2);

    [Theory]
    [InlineData("euler")]
    [InlineData("euler_a")]
    [InlineData("dpmpp_2m")]
    public async Task ABatchOfFourRequests_GivesTheSamePngsAsFourSingleRenders(string sampler) =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, Requests(sampler, guidance: 7.5));

    [Fact]
    public async Task AFloat16Model_BatchesExactlyToo() =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float16, Requests("euler_a", guidance: 7.5));

    [Fact]
    public async Task AnSd2Model_BatchesExactlyToo() =>
        await AssertBatchEqualsSingles(Sd2, Requests("euler", guidance: 7.5));

    [Fact]
    public async Task WithoutGuidance_EachRequestsOwnPromptStillSteersItsImages() =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, Requests("euler", guidance: 1));

    [Fact]
    public async Task AnLcm_GetsEachRequestsOwnGuidanceEmbedding() =>
        // Guidance 2 to 9.5 in one batch: the guidance reaches an LCM's UNet only through its per-sample embedding.
        await AssertBatchEqualsSingles(Lcm, [.. Requests(Samplers.ModelsOwn, guidance: 4).Select((r, i) => r with { Guidance = 2 + (i * 2.5) })]);

    [Fact]
    public async Task PromptsOfDifferentLengths_RenderInGroupsOfOneLength_AndStillMatch()
    {
        var requests = Requests("euler", guidance: 7.5);
        requests[1] = requests[1] with { Prompt = string.Join(", ", Enumerable.Repeat("a tall mountain under stars", 20)) };
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, requests);
    }

    [Fact]
    public async Task RequestsThatDoNotRenderInOneBatch_AreRefused()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
        var request = StableDiffusionPipelineTests.Request();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            pipeline.GenerateBatchAsync([request, request with { Width = 320 }], [null, null], CancellationToken.None));

        Assert.Contains("do not render in one batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSdxlModel_DoesNotBatch_WhileAStableDiffusionOneDoes()
    {
        using var sd = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
        using var xl = new StableDiffusionPipeline(models.Model(new TinyModelOptions(Family: ModelFamily.Sdxl)), ImageLimits.Default);

        Assert.True(sd.Batches);
        Assert.False(xl.Batches);
    }

    [Fact]
    public void BatchCompatibility_IsModelSizeStepsSamplerAndGuidanceOnOff_ButNotPromptSeedOrScale()
    {
        var request = StableDiffusionPipelineTests.Request() with { Guidance = 7.5 };

        Assert.True(request.RendersInOneBatchWith(request with { Prompt = "other", NegativePrompt = "n", Seed = 99, Guidance = 3, Count = 4 }));
        Assert.False(request.RendersInOneBatchWith(request with { Guidance = 1 }));
        Assert.False(request.RendersInOneBatchWith(request with { Steps = 5 }));
        Assert.False(request.RendersInOneBatchWith(request with { Sampler = "ddim" }));
        Assert.False(request.RendersInOneBatchWith(request with { Height = 320 }));
        Assert.False(request.RendersInOneBatchWith(request with { Model = "other" }));
        Assert.False(request.RendersInOneBatchWith(request with { InitImage = "https://cdn.example/x.png", Strength = 0.5 }));
    }

    private static DreamParameters[] Requests(string sampler, double guidance)
    {
        var first = StableDiffusionPipelineTests.Request() with { Sampler = sampler, Guidance = guidance };
        return
        [
            first with { Prompt = "a red fox", NegativePrompt = "blurry", Seed = 11 },
            first with { Prompt = "a city skyline at night", Seed = 12, Guidance = guidance > 1 ? 3 : 1, Count = 2 },
            first with { Prompt = "a (watercolor:1.3) lighthouse", NegativePrompt = "[dark]", Seed = 13, Guidance = guidance > 1 ? 12 : 1 },
            first with { Prompt = "a cat", Seed = 14 },
        ];
    }

    private async Task AssertBatchEqualsSingles(TinyModelOptions options, DreamParameters[] batch)
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(options), ImageLimits.Default);
        var steps = new int[batch.Length];
        var together = await pipeline.GenerateBatchAsync(batch, [.. batch.Select((_, r) => (Action<GenerationProgress>)(p => steps[r] = p.Step))], CancellationToken.None);

        for (var r = 0; r < batch.Length; r++)
        {
            var alone = await pipeline.GenerateAsync(batch[r], null, null, CancellationToken.None);
            Assert.Equal(alone.Images.Select(i => i.Seed), together[r].Images.Select(i => i.Seed));
            for (var i = 0; i < alone.Images.Count; i++)
                Assert.True(alone.Images[i].Png.AsSpan().SequenceEqual(together[r].Images[i].Png), $"request {r} image {i} differs from its render alone");
            Assert.Equal(alone.StepsRun, steps[r]);
        }
        // Each request kept its own prompt and seed.
        Assert.Equal(batch.Length, together.Select(r => Convert.ToBase64String(r.Images[0].Png)).Distinct().Count());
    }
}
