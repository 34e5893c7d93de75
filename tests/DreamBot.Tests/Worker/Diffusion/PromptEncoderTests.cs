using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Long prompts and attention weights through the text encoder, as AUTOMATIC1111's sd_hijack_clip computes them.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class PromptEncoderTests(TinyModelFixture models)
{
    private static readonly string LongPrompt = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"detail {i}"));

    [Fact]
    public void Weigh_MultipliesEachTokensHiddenState_ThenRestoresTheChunksMean()
    {
        // Two tokens of hidden size 2. sd_hijack_clip.process_tokens: z * w, then z * (mean(z) / mean(z * w)).
        float[] chunk = [1, 3, 2, 6];
        float[] weights = [1, 2];

        PromptEncoder.Weigh(chunk, weights);

        // mean before: 3; after weighting [1, 3, 4, 12]: 5; so each value is scaled by 0.6.
        Assert.Equal([0.6f, 1.8f, 2.4f, 7.2f], chunk, new FloatTolerance(1e-6f));
        Assert.Equal(3.0, chunk.Average(), 1e-6);
    }

    [Fact]
    public void Weigh_LeavesAnUnweightedChunkAsEncoded()
    {
        float[] chunk = [1, 3, 2, 6];

        PromptEncoder.Weigh(chunk, [1, 1]);

        Assert.Equal([1f, 3f, 2f, 6f], chunk);
    }

    [Fact]
    public void Encode_GivesThePlainPromptTheEncodersOwnOutput_AsBeforeChunking()
    {
        var model = models.Model(TinyModelFixture.Float32);
        var encoder = new PromptEncoder(model);
        var (prompt, negative) = encoder.Tokenize("a lighthouse at dusk", "blurry", guided: true);

        using var chunked = encoder.Encode(prompt, negative, count: 2);
        int[][] rows = [.. Enumerable.Repeat(model.Tokenizer.Encode("blurry").InputIds, 2), .. Enumerable.Repeat(model.Tokenizer.Encode("a lighthouse at dusk").InputIds, 2)];
        using var direct = model.TextEncoder.Encode(rows);

        Assert.Equal(Floats(direct), Floats(chunked));
    }

    [Fact]
    public void Encode_JoinsTheChunks_AndPadsTheNegativePromptToAsMany()
    {
        var model = models.Model(TinyModelFixture.Float32);
        var encoder = new PromptEncoder(model);
        var (prompt, negative) = encoder.Tokenize(LongPrompt, "blurry", guided: true);

        using var embeddings = encoder.Encode(prompt, negative, count: 1);

        Assert.Equal(2, prompt.Count);
        Assert.Equal([2L, 154L, model.TextEncoder.HiddenSize], TensorData.Shape(embeddings.Value));
        var values = Floats(embeddings);
        var rowSize = 77 * model.TextEncoder.HiddenSize;
        // The negative's second chunk is the empty prompt's encoding; the prompt's first chunk is its first 75 tokens'.
        var empty = model.TextEncoder.EncodeOnHost([model.Tokenizer.Encode("").InputIds], model.TextEncoder.OutputName);
        var first = model.TextEncoder.EncodeOnHost([prompt.Ids[0]], model.TextEncoder.OutputName);
        // One batched call against single rows: equal up to the GEMM's summation order.
        Assert.Equal(empty, values[rowSize..(2 * rowSize)], new FloatTolerance(1e-5f));
        Assert.Equal(first, values[(2 * rowSize)..(3 * rowSize)], new FloatTolerance(1e-5f));
    }

    [Fact]
    public async Task GenerateAsync_UsesTheTokensBeyond75_AndReportsNoneDropped()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
        var model = pipeline.Model;
        var firstChunk = model.Tokenizer.Decode(model.Tokenizer.EncodeIds(LongPrompt).Take(75));

        var full = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = LongPrompt }, null, null, CancellationToken.None);
        var cut = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = firstChunk }, null, null, CancellationToken.None);

        Assert.Null(full.DroppedPromptText);
        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(cut.Images[0].Png), StableDiffusionPipelineTests.Pixels(full.Images[0].Png));
    }

    [Fact]
    public async Task GenerateAsync_ReportsTheTextBeyondTheCap()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
        // CLIP splits digits one token each: 300 characters fill the four chunks within the prompt's length limit.
        var prompt = new string('7', 300) + " and a boat";

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = prompt, Guidance = 1 }, null, null, CancellationToken.None);

        Assert.Equal("and a boat", result.DroppedPromptText);
    }

    [Fact]
    public async Task GenerateAsync_ChangesTheImage_WhenAWordIsWeighted()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);

        var plain = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = "a red fox" }, null, null, CancellationToken.None);
        var weighted = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = "a (red:1.6) fox" }, null, null, CancellationToken.None);
        var neutral = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = "a (red:1.0) fox" }, null, null, CancellationToken.None);

        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(plain.Images[0].Png), StableDiffusionPipelineTests.Pixels(weighted.Images[0].Png));
        Assert.Equal(StableDiffusionPipelineTests.Pixels(plain.Images[0].Png), StableDiffusionPipelineTests.Pixels(neutral.Images[0].Png));
    }

    [Fact]
    public async Task GenerateAsync_RendersLongPrompts_OnAFloat16Model()
    {
        var path = models.Write(TinyModelFixture.Float16);
        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = "(" + LongPrompt + ")", NegativePrompt = "[blurry]" }, null, null, CancellationToken.None);

        Assert.Single(result.Images);
    }

    [Fact]
    public async Task GenerateAsync_KeepsToOneChunk_ForAUNetExportedWithAFixedContextOf77()
    {
        var path = models.Write(new TinyModelOptions());
        WriteFixedContextUNet(Path.Combine(path, "unet", "model.onnx"));
        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 75)) + " and a boat";

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Prompt = prompt, NegativePrompt = "(blurry)" }, null, null, CancellationToken.None);

        Assert.Equal(77, model.UNet.ContextLength);
        Assert.Equal("and a boat", result.DroppedPromptText);
    }

    // out_sample = sample + mean(encoder_hidden_states) / 10000, with the context fixed at 77 tokens.
    private static void WriteFixedContextUNet(string path)
    {
        var g = new OnnxGraph("unet");
        g.Input("sample", OnnxElementType.Float, "batch_size", (long)TinyGraphs.LatentChannels, "height", "width");
        g.Input("timestep", OnnxElementType.Int64, "steps");
        g.Input("encoder_hidden_states", OnnxElementType.Float, "batch_size", 77L, (long)TinyGraphs.HiddenSize);
        var mean = g.Node("ReduceMean", ["encoder_hidden_states"], OnnxAttribute.Int("keepdims", 0));
        g.NodeTo("Add", ["sample", g.Node("Mul", [mean, g.Scalar(1e-4f)])], "out_sample");
        g.Output("out_sample", OnnxElementType.Float, "batch_size", (long)TinyGraphs.LatentChannels, "height", "width");
        g.Save(path);
    }

    private static float[] Floats(TextEmbeddings embeddings)
    {
        var values = new float[TensorData.ElementCount(TensorData.Shape(embeddings.Value))];
        TensorData.ReadFloats(embeddings.Value, values);
        return values;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
