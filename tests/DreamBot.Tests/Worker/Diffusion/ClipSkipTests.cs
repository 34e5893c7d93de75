using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>
/// CLIP skip as diffusers' StableDiffusionPipeline.encode_prompt computes it: hidden_states[-(clip_skip + 1)] through
/// final_layer_norm, where DreamBot's ClipSkip (the webui's numbering) is diffusers' clip_skip + 1.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class ClipSkipTests(TinyModelFixture models)
{
    private static readonly TinyModelOptions WithHiddenStates = new(HiddenStates: true);

    [Fact]
    public void For_ReadsThePenultimateLayer_ForClipSkip2()
    {
        // The tiny encoder has two layers: hidden_states.0 (embeddings), .1 and .2; the penultimate layer is .1.
        using var model = Load(models.Write(WithHiddenStates), clipSkip: 2);

        Assert.Equal("hidden_states.1", model.ClipSkip!.OutputName);
    }

    [Fact]
    public void For_IsNull_ForTheLastLayer()
    {
        using var model = Load(models.Write(WithHiddenStates), clipSkip: 1);

        Assert.Null(model.ClipSkip);
    }

    [Fact]
    public void FinalLayerNorm_ReadFromTheGraph_TurnsTheLastLayerIntoLastHiddenState()
    {
        using var model = Load(models.Write(WithHiddenStates), clipSkip: 2);
        int[][] rows = [model.Tokenizer.Encode("a lighthouse").InputIds];
        var lastLayer = model.TextEncoder.EncodeOnHost(rows, "hidden_states.2");
        var expected = model.TextEncoder.EncodeOnHost(rows, "last_hidden_state");

        var norm = FinalLayerNorm.Read(model.Folder.TextEncoder, "last_hidden_state", model.TextEncoder.HiddenSize, 1e-5);
        norm.Apply(lastLayer);

        Assert.All(lastLayer.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
    }

    [Fact]
    public void Encode_NormalisesThePenultimateLayer()
    {
        using var model = Load(models.Write(WithHiddenStates), clipSkip: 2);
        int[][] rows = [model.Tokenizer.Encode("a lighthouse").InputIds];
        var penultimate = model.TextEncoder.EncodeOnHost(rows, "hidden_states.1");

        var encoded = model.ClipSkip!.Encode(model.TextEncoder, rows);

        // The generator's final layer norm: scale 1 + 0.02 i, bias 0.01 (i mod 5), epsilon 1e-5.
        var size = model.TextEncoder.HiddenSize;
        for (var start = 0; start < penultimate.Length; start += size)
        {
            var row = penultimate.AsSpan(start, size).ToArray();
            var mean = row.Average(v => (double)v);
            var variance = row.Average(v => (v - mean) * (v - mean));
            for (var i = 0; i < size; i++)
                Assert.Equal((float)((row[i] - mean) / Math.Sqrt(variance + 1e-5) * (1 + 0.02 * i) + 0.01 * (i % 5)), encoded[start + i], 1e-4f);
        }
    }

    [Fact]
    public async Task GenerateAsync_RendersDifferently_WithClipSkip2()
    {
        var path = models.Write(WithHiddenStates);
        using var last = Load(path, clipSkip: 1);
        using var penultimate = Load(path, clipSkip: 2);

        var lastImage = await Render(last);
        var penultimateImage = await Render(penultimate);

        Assert.NotEqual(lastImage, penultimateImage);
    }

    [Fact]
    public void Load_RefusesClipSkip_WhenTheEncoderHasNoHiddenStates()
    {
        var path = models.Write(TinyModelFixture.Float32);

        var error = Assert.Throws<ModelFolderException>(() => Load(path, clipSkip: 2));

        Assert.Contains("hidden_states", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RefusesClipSkip_BeyondTheEncodersLayers()
    {
        var path = models.Write(WithHiddenStates);

        var error = Assert.Throws<ModelFolderException>(() => Load(path, clipSkip: 3));

        Assert.Contains("beyond the text encoder's 2 layers", error.Message, StringComparison.Ordinal);
    }

    private static StableDiffusionModel Load(string path, int clipSkip) =>
        StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance, clipSkip: clipSkip);

    private static async Task<byte[]> Render(StableDiffusionModel model)
    {
        var result = await TinyRenders.RenderAsync(model, StableDiffusionPipelineTests.Request());
        return StableDiffusionPipelineTests.Pixels(result.Images[0].Png);
    }
}
