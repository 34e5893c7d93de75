using System.Text.Json.Nodes;
using DreamBot.ModelBuilder;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.ModelBuilder;

/// <summary>
/// The configs a tiny SDXL folder carries, with the values stabilityai/stable-diffusion-xl-base-1.0 and
/// stabilityai/sdxl-turbo ship (model_index.json, scheduler/scheduler_config.json, vae/config.json,
/// tokenizer_2/special_tokens_map.json).
/// </summary>
public sealed class TinyXlFilesTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("xl-files");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(ExportLayout.Optimum, "ORTStableDiffusionXLPipeline")]
    [InlineData(ExportLayout.DiffusersScript, "StableDiffusionXLPipeline")]
    public void ModelIndex_NamesTheSdxlPipelineAndBothEncoders(ExportLayout layout, string className)
    {
        var model = Write(new TinyModelOptions(Family: ModelFamily.Sdxl, Layout: layout));

        var index = Json(model, "model_index.json");

        Assert.Equal(className, (string?)index["_class_name"]);
        Assert.True((bool)index["force_zeros_for_empty_prompt"]!);
        Assert.Equal("CLIPTextModelWithProjection", (string?)index["text_encoder_2"]![1]);
        Assert.Equal("CLIPTokenizer", (string?)index["tokenizer_2"]![1]);
    }

    [Theory]
    [InlineData(ModelFamily.Sdxl, "EulerDiscreteScheduler", "leading")]
    [InlineData(ModelFamily.SdxlTurbo, "EulerAncestralDiscreteScheduler", "trailing")]
    public void SchedulerConfig_IsTheFamilysOwn(ModelFamily family, string className, string spacing)
    {
        var model = Write(new TinyModelOptions(Family: family));

        var scheduler = Json(model, "scheduler", "scheduler_config.json");

        Assert.Equal(className, (string?)scheduler["_class_name"]);
        Assert.Equal(spacing, (string?)scheduler["timestep_spacing"]);
        Assert.Equal(1, (int)scheduler["steps_offset"]!);
        Assert.Equal("scaled_linear", (string?)scheduler["beta_schedule"]);
    }

    [Fact]
    public void VaeConfig_HasSdxlsScalingFactorAndForceUpcast_AndTokenizer2PadsWithTheExclamationMark()
    {
        var model = Write(new TinyModelOptions(Family: ModelFamily.Sdxl, Layout: ExportLayout.Optimum));

        var vae = Json(model, "vae_decoder", "config.json");
        var tokens = Json(model, "tokenizer_2", "special_tokens_map.json");

        Assert.Equal(0.13025, (double)vae["scaling_factor"]!);
        Assert.True((bool)vae["force_upcast"]!);
        Assert.Equal("!", (string?)tokens["pad_token"]);
        Assert.Equal("<|endoftext|>", (string?)Json(model, "tokenizer", "special_tokens_map.json")["pad_token"]);
        Assert.Equal(TinyGraphs.XlContextSize, (int)Json(model, "unet", "config.json")["cross_attention_dim"]!);
        Assert.Equal(TinyGraphs.XlAddedInputSize, (int)Json(model, "unet", "config.json")["projection_class_embeddings_input_dim"]!);
    }

    private string Write(TinyModelOptions options)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(path, TestPaths.Clip, options);
        return path;
    }

    private static JsonNode Json(string model, params string[] parts) => JsonNode.Parse(File.ReadAllText(Path.Combine([model, .. parts])))!;
}
