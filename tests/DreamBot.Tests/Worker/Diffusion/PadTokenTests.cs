using DreamBot.Worker.Diffusion.Loading;
using System.Text.Json.Nodes;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Stable Diffusion 2.x pads prompts with "!" where 1.x pads with &lt;|endoftext|&gt;.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class PadTokenTests(TinyModelFixture models)
{
    // 75 tokens: with BOS and EOS they fill all 77 positions, leaving nothing to pad.
    private static readonly string FullPrompt = string.Join(' ', Enumerable.Repeat("cat", 75));

    [Fact]
    public async Task ThePadToken_ChangesTheTokensAndTheImage_OfAShortPrompt()
    {
        var (endOfText, exclamation) = await RenderWithEachPadToken("a cat");

        Assert.NotEqual(endOfText.Ids, exclamation.Ids);
        Assert.NotEqual(endOfText.Pixels, exclamation.Pixels);
    }

    [Fact]
    public async Task ThePadToken_ChangesNothing_ForAPromptThatFillsAll77Positions()
    {
        var (endOfText, exclamation) = await RenderWithEachPadToken(FullPrompt);

        Assert.Equal(endOfText.Ids, exclamation.Ids);
        Assert.Equal(endOfText.Pixels, exclamation.Pixels);
    }

    [Fact]
    public void TheGenerator_WritesAStableDiffusion2TokenizerThatPadsWithExclamationMark()
    {
        var path = models.Write(new TinyModelOptions(PadToken: "!"));

        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);

        Assert.Equal(0, model.Tokenizer.PadId);
        Assert.Equal(0, model.Tokenizer.Encode("a cat").InputIds[^1]);
    }

    private async Task<(Rendered EndOfText, Rendered Exclamation)> RenderWithEachPadToken(string prompt)
    {
        // One folder; only special_tokens_map.json's pad_token changes between the two loads.
        var path = models.Write(new TinyModelOptions(PadToken: "<|endoftext|>"));
        var endOfText = await Render(path, prompt);
        var map = Path.Combine(path, "tokenizer", "special_tokens_map.json");
        var tokens = JsonNode.Parse(File.ReadAllText(map))!;
        tokens["pad_token"] = "!";
        File.WriteAllText(map, tokens.ToJsonString());
        var exclamation = await Render(path, prompt);
        return (endOfText, exclamation);
    }

    private static async Task<Rendered> Render(string path, string prompt)
    {
        using var model = TinyRenders.Load(path);
        var result = await TinyRenders.RenderAsync(model, StableDiffusionPipelineTests.Request() with { Prompt = prompt, Steps = 2, Guidance = 1 });
        return new Rendered(model.Tokenizer.Encode(prompt).InputIds, StableDiffusionPipelineTests.Pixels(result.Images[0].Png));
    }

    private sealed record Rendered(int[] Ids, byte[] Pixels);
}
