using DreamBot.ModelBuilder;
using DreamBot.ModelBuilder.FullSize;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Tests.ModelBuilder;

public sealed class FullSizeGraphsTests
{
    // torch's parameter counts of CLIPTextModel (ViT-L/14), UNet2DConditionModel and AutoencoderKL (split at quant_conv)
    // as shipped with Stable Diffusion 1.5: matching them confirms the architecture layer by layer.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Graphs_HaveStableDiffusion15sParameterCounts(bool float16)
    {
        var graphs = new FullSizeGraphs(new TinyModelOptions(Float16: float16, FullSize: true));

        graphs.TextEncoder();
        graphs.UNet();
        graphs.VaeDecoder();
        graphs.VaeEncoder();

        Assert.Equal(123_060_480, graphs.ParameterCounts["text_encoder"]);
        Assert.Equal(859_520_964, graphs.ParameterCounts["unet"]);
        Assert.Equal(49_490_199, graphs.ParameterCounts["vae_decoder"]);
        Assert.Equal(34_163_664, graphs.ParameterCounts["vae_encoder"]);
    }

    [Fact]
    public void TextEncoder_PoolsTheEndOfTextHiddenState_InFloat16WithInt64Ids()
    {
        var directory = TestPaths.NewTempDirectory("full-size-text-encoder");
        try
        {
            var path = Path.Combine(directory, "model.onnx");
            new FullSizeGraphs(new TinyModelOptions(Float16: true, Int64InputIds: true, FullSize: true)).TextEncoder()
                .Save(path, "model.onnx_data");
            long[] ids = [49406, 320, 1125, 49407, .. Enumerable.Repeat(49407L, 73)];
            long[] padded = [49406, 49407, .. Enumerable.Repeat(49407L, 75)];

            using var session = new InferenceSession(path);
            using var input = OrtValue.CreateTensorValueFromMemory([.. ids, .. padded], [2, 77]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input_ids"], [input], ["last_hidden_state", "pooler_output"]);

            var hidden = Floats(outputs[0]);
            var pooled = Floats(outputs[1]);
            Assert.Equal(2 * 77 * 768, hidden.Length);
            Assert.All(hidden, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(hidden.AsSpan(3 * 768, 768).ToArray(), pooled[..768]);
            Assert.Equal(hidden.AsSpan((77 + 1) * 768, 768).ToArray(), pooled[768..]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static float[] Floats(OrtValue value)
    {
        var floats = new float[TensorData.ElementCount(TensorData.Shape(value))];
        TensorData.ReadFloats(value, floats);
        return floats;
    }
}
