using DreamBot.Worker.Diffusion.Pipeline;
using System.Text.Json.Nodes;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>The tiny generator's Stable Diffusion 2.x and LCM families, run through the pipeline.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ModelFamilyTests(TinyModelFixture models)
{
    private static readonly TinyModelOptions Sd2 = new(Family: ModelFamily.Sd2);
    private static readonly TinyModelOptions Lcm = new(Family: ModelFamily.Lcm);

    [Fact]
    public void Sd2_PadsWithExclamationMark_PredictsVelocity_AndDefaultsTo768()
    {
        var model = models.Model(Sd2);

        Assert.Equal(0, model.Tokenizer.PadId);
        Assert.Equal("v_prediction", model.SchedulerConfig.PredictionType);
        Assert.Equal(TinyGraphs.Sd2HiddenSize, model.TextEncoder.HiddenSize);
        Assert.Equal(768, model.DefaultSide);
    }

    [Fact]
    public async Task Sd2_PadToken_ChangesTheImageOfAShortPrompt_ButNotOfOneThatFillsAll77Positions()
    {
        // One SD 2.x folder; only special_tokens_map.json's pad_token changes between the renders.
        var path = models.Write(Sd2);
        var fullPrompt = string.Join(' ', Enumerable.Repeat("cat", 75));
        var shortWithBang = await Render(path, "a cat");
        var fullWithBang = await Render(path, fullPrompt);
        var map = Path.Combine(path, "tokenizer", "special_tokens_map.json");
        var tokens = JsonNode.Parse(File.ReadAllText(map))!;
        tokens["pad_token"] = "<|endoftext|>";
        File.WriteAllText(map, tokens.ToJsonString());

        Assert.NotEqual(shortWithBang, await Render(path, "a cat"));
        Assert.Equal(fullWithBang, await Render(path, fullPrompt));
    }

    [Fact]
    public void Lcm_TakesTheGuidanceEmbedding_AndRunsTheLcmScheduler()
    {
        var model = models.Model(Lcm);

        Assert.Equal(TinyGraphs.TimeCondProjDim, model.UNet.GuidanceEmbeddingSize);
        Assert.Equal("lcm", model.DefaultSampler);
        Assert.Equal(512, model.DefaultSide);
    }

    [Fact]
    public async Task Lcm_EmbedsTheGuidance_AndIgnoresTheNegativePrompt()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(Lcm), ImageLimits.Default);
        var request = StableDiffusionPipelineTests.Request() with { Sampler = Samplers.ModelsOwn, Steps = 4, Guidance = 8 };

        var first = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
        var otherNegative = await pipeline.GenerateAsync(request with { NegativePrompt = "blurry, dark" }, null, null, CancellationToken.None);
        var otherGuidance = await pipeline.GenerateAsync(request with { Guidance = 2 }, null, null, CancellationToken.None);

        // A single UNet branch: the negative prompt has nothing to steer, while the guidance reaches the UNet.
        Assert.Equal(StableDiffusionPipelineTests.Pixels(first.Images[0].Png), StableDiffusionPipelineTests.Pixels(otherNegative.Images[0].Png));
        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(first.Images[0].Png), StableDiffusionPipelineTests.Pixels(otherGuidance.Images[0].Png));
    }

    private static async Task<byte[]> Render(string path, string prompt)
    {
        using var model = TinyRenders.Load(path);
        var result = await TinyRenders.RenderAsync(model, StableDiffusionPipelineTests.Request() with { Prompt = prompt, Steps = 2, Guidance = 1, Sampler = "ddim" });
        return StableDiffusionPipelineTests.Pixels(result.Images[0].Png);
    }
}
