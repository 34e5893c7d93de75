using DreamBot.ModelBuilder;
using DreamBot.ModelBuilder.FullSize;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Tests.ModelBuilder;

public sealed class FullSizeXlGraphsTests
{
    // torch's parameter counts of stabilityai/stable-diffusion-xl-base-1.0's CLIPTextModel, CLIPTextModelWithProjection
    // and UNet2DConditionModel (its AutoencoderKL has Stable Diffusion 1.5's architecture): matching them confirms the
    // architecture layer by layer.
    [Fact]
    public void Graphs_HaveSdxlBasesParameterCounts()
    {
        var graphs = new FullSizeGraphs(new TinyModelOptions(Float16: true, FullSize: true, Family: ModelFamily.Sdxl));

        graphs.TextEncoder();
        graphs.TextEncoder2();
        graphs.UNet();
        graphs.VaeDecoder();

        Assert.Equal(123_060_480, graphs.ParameterCounts["text_encoder"]);
        Assert.Equal(694_659_840, graphs.ParameterCounts["text_encoder_2"]);
        Assert.Equal(2_567_463_684, graphs.ParameterCounts["unet"]);
        Assert.Equal(49_490_199, graphs.ParameterCounts["vae_decoder"]);
    }

    [Fact]
    public void SecondTextEncoder_ProjectsTheEndOfTextState_AndOutputsEveryLayersHiddenStates()
    {
        var directory = TestPaths.NewTempDirectory("full-size-xl-text-encoder");
        try
        {
            var path = Path.Combine(directory, "model.onnx");
            new FullSizeGraphs(new TinyModelOptions(Float16: true, FullSize: true, Family: ModelFamily.Sdxl)).TextEncoder2()
                .Save(path, "model.onnx_data");
            // SDXL's tokenizer_2 pads with "!" (id 0).
            int[] ids = [49406, 320, 1125, 49407, .. Enumerable.Repeat(0, 73)];

            using var session = new InferenceSession(path);
            using var input = OrtValue.CreateTensorValueFromMemory(ids, [1, 77]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input_ids"], [input], ["text_embeds", "hidden_states.31"]);

            Assert.Equal(["text_embeds", "last_hidden_state", .. Enumerable.Range(0, 33).Select(i => $"hidden_states.{i}")], session.OutputNames);
            Assert.Equal([1, 1280], TensorData.Shape(outputs[0]));
            Assert.Equal([1, 77, 1280], TensorData.Shape(outputs[1]));
            var embeds = new float[1280];
            TensorData.ReadFloats(outputs[0], embeds);
            Assert.All(embeds, v => Assert.True(float.IsFinite(v)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
