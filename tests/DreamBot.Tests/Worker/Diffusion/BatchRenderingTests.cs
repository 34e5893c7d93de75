using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>
/// A batch of requests renders each image as its request renders alone: byte for byte where the request alone runs the
/// UNet at a batch of two or more (both guidance branches, or several images), within <see cref="LastBitLevels"/>
/// where it runs it at a batch of one. ONNX Runtime picks kernels by CPU and by shape, and at a batch of one the tiny
/// UNet's pooling over the text tokens (a ReduceMean over [1, 77, C]) sums in another order than at a batch of N, so
/// the prediction differs in the last bits; a PNG level crosses its rounding boundary on some CPUs (one 8x8 block, one
/// level, for the LCM test on AVX2 without AVX-512) and on others not. At batch two and more the rows are identical.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchRenderingTests(TinyModelFixture models)
{
    private static readonly TinyModelOptions Lcm = new(Family: ModelFamily.Lcm);
    private static readonly TinyModelOptions Sd2 = new(Family: ModelFamily.Sd2);

    /// <summary>
    /// At most one level of 255 in any value and 0.01 levels on average: last-bit differences move a value only across
    /// a rounding boundary (measured: 64 of 196,608 values by one level, mean 0.0003), while an image with another
    /// request's guidance, prompt or seed is off by about 40 levels on average and over 200 at most.
    /// </summary>
    private const int LastBitLevels = 1;
    private const double LastBitMeanLevels = 0.01;

    [Theory]
    [InlineData("euler")]
    [InlineData("euler_a")]
    [InlineData("dpmpp_2m")]
    public async Task ABatchOfFourRequests_GivesTheSamePngsAsFourSingleRenders(string sampler) =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, Requests(sampler, guidance: 7.5), guided: true);

    [Fact]
    public async Task AFloat16Model_BatchesExactlyToo() =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float16, Requests("euler_a", guidance: 7.5), guided: true);

    [Fact]
    public async Task AnSd2Model_BatchesExactlyToo() =>
        await AssertBatchEqualsSingles(Sd2, Requests("euler", guidance: 7.5), guided: true);

    [Fact]
    public async Task WithoutGuidance_EachRequestsOwnPromptStillSteersItsImages() =>
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, Requests("euler", guidance: 1), guided: false);

    [Fact]
    public async Task AnLcm_GetsEachRequestsOwnGuidanceEmbedding() =>
        // Guidance 2 to 9.5 in one batch: the guidance reaches an LCM's UNet only through its per-sample embedding, so
        // it runs no unconditional branch and a one-image request alone is a UNet batch of one.
        await AssertBatchEqualsSingles(Lcm, [.. Requests(Samplers.ModelsOwn, guidance: 4).Select((r, i) => r with { Guidance = 2 + (i * 2.5) })], guided: false);

    [Fact]
    public async Task PromptsOfDifferentLengths_RenderInGroupsOfOneLength_AndStillMatch()
    {
        var requests = Requests("euler", guidance: 7.5);
        requests[1] = requests[1] with { Prompt = string.Join(", ", Enumerable.Repeat("a tall mountain under stars", 20)) };
        await AssertBatchEqualsSingles(TinyModelFixture.Float32, requests, guided: true);
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

    /// <param name="guided">Whether the requests run classifier-free guidance, two UNet rows per image.</param>
    private async Task AssertBatchEqualsSingles(TinyModelOptions options, DreamParameters[] batch, bool guided)
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(options), ImageLimits.Default);
        var steps = new int[batch.Length];
        var together = await pipeline.GenerateBatchAsync(batch, [.. batch.Select((_, r) => (Action<GenerationProgress>)(p => steps[r] = p.Step))], CancellationToken.None);

        for (var r = 0; r < batch.Length; r++)
        {
            var alone = await pipeline.GenerateAsync(batch[r], null, null, CancellationToken.None);
            Assert.Equal(alone.Images.Select(i => i.Seed), together[r].Images.Select(i => i.Seed));
            var aloneAtBatchOne = !guided && batch[r].Count == 1;
            for (var i = 0; i < alone.Images.Count; i++)
            {
                if (aloneAtBatchOne)
                    AssertWithinLastBits(alone.Images[i].Png, together[r].Images[i].Png, $"request {r} image {i}");
                else
                    Assert.True(alone.Images[i].Png.AsSpan().SequenceEqual(together[r].Images[i].Png), $"request {r} image {i} differs from its render alone");
            }
            Assert.Equal(alone.StepsRun, steps[r]);
        }
        // Each request kept its own prompt and seed.
        Assert.Equal(batch.Length, together.Select(r => Convert.ToBase64String(r.Images[0].Png)).Distinct().Count());
    }

    private static void AssertWithinLastBits(byte[] alonePng, byte[] batchedPng, string image)
    {
        var alone = StableDiffusionPipelineTests.Pixels(alonePng);
        var batched = StableDiffusionPipelineTests.Pixels(batchedPng);
        Assert.Equal(alone.Length, batched.Length);
        var largest = 0;
        long total = 0;
        for (var k = 0; k < alone.Length; k++)
        {
            var difference = Math.Abs(alone[k] - batched[k]);
            largest = Math.Max(largest, difference);
            total += difference;
        }
        var mean = (double)total / alone.Length;
        Assert.True(largest <= LastBitLevels && mean <= LastBitMeanLevels,
            $"{image} differs from its render alone by up to {largest} levels, {mean:F4} on average (allowed {LastBitLevels} and {LastBitMeanLevels})");
    }
}
