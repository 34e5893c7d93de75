using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Xl;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Tests.Worker.Diffusion.Xl;

/// <summary>
/// SDXL's text conditioning on tiny SDXL folders, checked against the encoders' graphs run directly: which outputs are
/// read (hidden_states[-2] of each encoder, text_embeds of the second), in which order, and the negative branch, as
/// diffusers' pipelines/stable_diffusion_xl/pipeline_stable_diffusion_xl.py encode_prompt defines them.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class XlTextEncodingTests(TinyModelFixture models)
{
    internal static readonly TinyModelOptions Sdxl = new(Family: ModelFamily.Sdxl, Layout: ExportLayout.Optimum);
    internal static readonly TinyModelOptions SdxlFloat16 = new(Family: ModelFamily.Sdxl, Layout: ExportLayout.Optimum, Float16: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Text_IsThePenultimateHiddenStatesOfBothEncoders_FirstEncoderFirst_AndTheSecondEncodersTextEmbeds(bool float16)
    {
        var options = float16 ? SdxlFloat16 : Sdxl;
        var model = models.Model(options);
        var path = models.PathOf(options);
        const string prompt = "a lighthouse at dusk";

        var encoded = model.Xl!.Text(model.Tokenizer, prompt);

        // N = 2 layers: hidden_states.0 is the embeddings, hidden_states.1 the penultimate layer, hidden_states.2 the last.
        var first = Run(Path.Combine(path, "text_encoder", "model.onnx"), model.Tokenizer.Encode(prompt).InputIds, "hidden_states.1");
        var second = Run(Path.Combine(path, "text_encoder_2", "model.onnx"), model.Xl.Tokenizer2.Encode(prompt).InputIds, "hidden_states.1", "text_embeds");
        const int Tokens = TinyGraphs.TokenLength;
        Assert.Equal(TinyGraphs.XlContextSize, encoded.Width);
        Assert.Equal(Tokens * TinyGraphs.XlContextSize, encoded.Embeddings.Length);
        for (var t = 0; t < Tokens; t++)
        {
            var row = encoded.Embeddings.AsSpan(t * encoded.Width, encoded.Width);
            Assert.True(row[..TinyGraphs.HiddenSize].SequenceEqual(first[0].AsSpan(t * TinyGraphs.HiddenSize, TinyGraphs.HiddenSize)), $"token {t}, encoder 1");
            Assert.True(row[TinyGraphs.HiddenSize..].SequenceEqual(second[0].AsSpan(t * TinyGraphs.XlHiddenSize2, TinyGraphs.XlHiddenSize2)), $"token {t}, encoder 2");
        }
        Assert.Equal(second[1], encoded.Pooled);
        // The last layer's output is not what SDXL conditions on.
        var last = Run(Path.Combine(path, "text_encoder", "model.onnx"), model.Tokenizer.Encode(prompt).InputIds, "hidden_states.2");
        Assert.NotEqual(last[0][..TinyGraphs.HiddenSize], encoded.Embeddings[..TinyGraphs.HiddenSize]);
    }

    [Fact]
    public void Tokenizer2_PadsWithTheExclamationMark_AndTheFirstTokenizerWithEndOfText()
    {
        var model = models.Model(Sdxl);

        Assert.Equal(0, model.Xl!.Tokenizer2.PadId); // "!" is id 0 in CLIP's vocabulary
        Assert.Equal(model.Tokenizer.EndOfTextId, model.Tokenizer.PadId);
        var ids = model.Xl.Tokenizer2.Encode("a fox").InputIds;
        Assert.Equal(0, ids[^1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encode_WithGuidanceAndAnEmptyNegativePrompt_GivesZeroNegativeEmbeddingsAndPooled(bool float16)
    {
        var model = models.Model(float16 ? SdxlFloat16 : Sdxl);

        using var embeddings = model.Xl!.Encode(model.Tokenizer, "a fox", "", count: 2, guided: true, height: 320, width: 256, model.UNet);

        var (hidden, pooled, timeIds) = Read(embeddings);
        var positive = model.Xl.Text(model.Tokenizer, "a fox");
        var rowLength = positive.Embeddings.Length;
        Assert.Equal(4 * rowLength, hidden.Length);
        Assert.All(hidden[..(2 * rowLength)], v => Assert.Equal(0f, v));
        Assert.All(pooled[..(2 * TinyGraphs.XlProjectionSize)], v => Assert.Equal(0f, v));
        Assert.Equal(Halved(positive.Embeddings, float16), hidden[(3 * rowLength)..]);
        Assert.Equal(Halved(positive.Pooled, float16), pooled[(3 * TinyGraphs.XlProjectionSize)..]);
        Assert.Equal(Enumerable.Repeat(new float[] { 320, 256, 0, 0, 320, 256 }, 4).SelectMany(ids => ids), timeIds);
    }

    [Fact]
    public void Encode_EncodesAGivenNegativePrompt_IntoTheFirstHalf()
    {
        var model = models.Model(Sdxl);

        using var embeddings = model.Xl!.Encode(model.Tokenizer, "a fox", "blurry", count: 1, guided: true, height: 256, width: 256, model.UNet);

        var (hidden, pooled, _) = Read(embeddings);
        var negative = model.Xl.Text(model.Tokenizer, "blurry");
        Assert.Equal(negative.Embeddings, hidden[..negative.Embeddings.Length]);
        Assert.Equal(negative.Pooled, pooled[..negative.Pooled.Length]);
    }

    [Fact]
    public void Encode_EncodesTheEmptyNegativePrompt_WhenTheModelDoesNotForceZeros()
    {
        var path = models.Write(Sdxl);
        var index = Path.Combine(path, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"force_zeros_for_empty_prompt\": true", "\"force_zeros_for_empty_prompt\": false", StringComparison.Ordinal));
        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);

        using var embeddings = model.Xl!.Encode(model.Tokenizer, "a fox", "", count: 1, guided: true, height: 256, width: 256, model.UNet);

        var (hidden, _, _) = Read(embeddings);
        var empty = model.Xl.Text(model.Tokenizer, "");
        Assert.Equal(empty.Embeddings, hidden[..empty.Embeddings.Length]);
        Assert.Contains(hidden[..empty.Embeddings.Length], v => v != 0);
    }

    [Fact]
    public void Encode_WithoutGuidance_HasOnlyThePromptRows()
    {
        var model = models.Model(Sdxl);

        using var embeddings = model.Xl!.Encode(model.Tokenizer, "a fox", "", count: 3, guided: false, height: 256, width: 256, model.UNet);

        Assert.Equal([3, TinyGraphs.TokenLength, TinyGraphs.XlContextSize], TensorData.Shape(embeddings.Value));
        Assert.Equal([3, TinyGraphs.XlProjectionSize], TensorData.Shape(embeddings.Added!.TextEmbeds));
        Assert.Equal([3, 6], TensorData.Shape(embeddings.Added.TimeIds));
    }

    [Fact]
    public void Load_NamesTheSecondEncoder_WhenItHasNoHiddenStateOutputs()
    {
        var path = models.Write(Sdxl);
        var second = Path.Combine(path, "text_encoder_2", "model.onnx");
        // A Stable Diffusion 1.x text encoder: last_hidden_state and pooler_output only.
        new TinyGraphs(new TinyModelOptions()).TextEncoder().Save(second);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(second, error.PartPath);
        Assert.Contains("hidden-state outputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondEncoder_TakesTheSecondToLastOutput_AndTheFirst_WhenTheOutputsAreNamedOtherwise()
    {
        var directory = TestPaths.NewTempDirectory("xl-positional");
        try
        {
            var path = Path.Combine(directory, "model.onnx");
            PositionalEncoder().Save(path);
            using var encoder = XlTextEncoder.Load(path, new OnnxSessionFactory(ExecutionDevice.Cpu, 0, NullLogger.Instance));
            var ids = Enumerable.Range(0, TinyGraphs.TokenLength).ToArray();

            var features = encoder.Encode(ids);

            var expected = Run(path, ids, "layer_b", "pooled");
            Assert.Equal(expected[0], features.Hidden);
            Assert.Equal(expected[1], features.Pooled);
            Assert.Equal(4, features.Width);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>pooled, then three rank-3 outputs under names no exporter convention gives.</summary>
    private static OnnxGraph PositionalEncoder()
    {
        var g = new OnnxGraph("positional");
        var random = new Random(3);
        var ids = g.Input("input_ids", OnnxElementType.Int32, "batch", TinyGraphs.TokenLength);
        var a = g.Node("Gather", [g.RandomFloats(random, 1f, TinyGraphs.VocabSize, 4), ids], OnnxAttribute.Int("axis", 0));
        var b = g.Node("Tanh", [a]);
        var c = g.Node("Sin", [b]);
        g.NodeTo("ReduceMean", [c], "pooled", OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        g.NodeTo("Identity", [a], "layer_a");
        g.NodeTo("Identity", [b], "layer_b");
        g.NodeTo("Identity", [c], "layer_c");
        g.Output("pooled", OnnxElementType.Float, "batch", 4);
        g.Output("layer_a", OnnxElementType.Float, "batch", TinyGraphs.TokenLength, 4);
        g.Output("layer_b", OnnxElementType.Float, "batch", TinyGraphs.TokenLength, 4);
        g.Output("layer_c", OnnxElementType.Float, "batch", TinyGraphs.TokenLength, 4);
        return g;
    }

    /// <summary>The named outputs of one row, run straight on ONNX Runtime, as float32.</summary>
    private static float[][] Run(string modelPath, int[] ids, params string[] outputs)
    {
        using var session = new InferenceSession(modelPath);
        using var input = session.InputMetadata["input_ids"].ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), [1, ids.Length])
            : OrtValue.CreateTensorValueFromMemory(ids.ToArray(), [1, ids.Length]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["input_ids"], [input], outputs);
        return results.Select(value =>
        {
            var floats = new float[TensorData.ElementCount(TensorData.Shape(value))];
            TensorData.ReadFloats(value, floats);
            return floats;
        }).ToArray();
    }

    private static (float[] Hidden, float[] Pooled, float[] TimeIds) Read(TextEmbeddings embeddings)
    {
        static float[] Floats(OrtValue value)
        {
            var floats = new float[TensorData.ElementCount(TensorData.Shape(value))];
            TensorData.ReadFloats(value, floats);
            return floats;
        }
        return (Floats(embeddings.Value), Floats(embeddings.Added!.TextEmbeds), Floats(embeddings.Added.TimeIds));
    }

    /// <summary>What a float16 UNet receives: the values rounded to half precision.</summary>
    private static float[] Halved(float[] values, bool float16) =>
        float16 ? values.Select(v => (float)(Half)v).ToArray() : values;
}
