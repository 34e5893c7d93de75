using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Diffusion.Xl;

/// <summary>Tiny SDXL and SDXL-Turbo folders of each exporter's layout, fp32 and fp16, through the whole pipeline.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class XlPipelineTests(TinyModelFixture models)
{
    public static TheoryData<ModelFamily, ExportLayout, bool> FamiliesLayoutsAndPrecisions()
    {
        var data = new TheoryData<ModelFamily, ExportLayout, bool>();
        foreach (var family in new[] { ModelFamily.Sdxl, ModelFamily.SdxlTurbo })
        {
            foreach (var layout in new[] { ExportLayout.DreamBot, ExportLayout.DiffusersScript, ExportLayout.OptimumOld, ExportLayout.Optimum })
            {
                data.Add(family, layout, false);
                data.Add(family, layout, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesLayoutsAndPrecisions))]
    public async Task EveryLayout_Renders_AndTheSameSeedGivesTheSamePng(ModelFamily family, ExportLayout layout, bool float16)
    {
        var model = models.Model(new TinyModelOptions(Family: family, Layout: layout, Float16: float16));
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var request = Request(family);

        var first = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);

        Assert.NotNull(model.Xl);
        Assert.Equal(float16 ? TensorElementType.Float16 : TensorElementType.Float, model.UNet.ElementType);
        Assert.Equal(first.Images[0].Png, second.Images[0].Png);
        Assert.Equal(request.Steps, first.StepsRun);
        using var image = Image.Load<Rgb24>(first.Images[0].Png);
        Assert.Equal((256, 320), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(ModelFamily.Sdxl, "euler")]
    [InlineData(ModelFamily.SdxlTurbo, "euler_a")]
    public void Load_ReadsSdxlsSchedulerAndVaeConfigs(ModelFamily family, string sampler)
    {
        var model = models.Model(new TinyModelOptions(Family: family, Layout: ExportLayout.Optimum));

        Assert.Equal(sampler, model.DefaultSampler);
        Assert.Equal(family == ModelFamily.SdxlTurbo ? "trailing" : "leading", model.SchedulerConfig.TimestepSpacing);
        Assert.Equal(0.13025, model.Folder.ScalingFactor);
        Assert.True(model.Folder.VaeForceUpcast);
        Assert.True(model.Folder.IsXl);
    }

    [Fact]
    public void Load_UsesSdxlsScalingFactor_WhenTheVaeHasNoConfig()
    {
        var model = models.Model(new TinyModelOptions(Family: ModelFamily.Sdxl, Layout: ExportLayout.DiffusersScript));

        Assert.False(File.Exists(model.Folder.VaeConfig));
        Assert.Equal(0.13025, model.Folder.ScalingFactor);
    }

    [Fact]
    public async Task Generate_DependsOnThePrompt()
    {
        var model = models.Model(XlTextEncodingTests.Sdxl);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        var fox = await pipeline.GenerateAsync(Request(ModelFamily.Sdxl) with { Prompt = "a fox" }, null, null, CancellationToken.None);
        var cat = await pipeline.GenerateAsync(Request(ModelFamily.Sdxl) with { Prompt = "a cat on a roof" }, null, null, CancellationToken.None);

        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(fox.Images[0].Png), StableDiffusionPipelineTests.Pixels(cat.Images[0].Png));
    }

    [Theory]
    [InlineData(ModelFamily.Sdxl, ExportLayout.Optimum)]
    [InlineData(ModelFamily.SdxlTurbo, ExportLayout.DiffusersScript)]
    public async Task ImageToImage_RunsStepsTimesStrength_AndDependsOnTheInitImage(ModelFamily family, ExportLayout layout)
    {
        var model = models.Model(new TinyModelOptions(Family: family, Layout: layout));
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var request = Request(family) with { InitImage = "init.png", Steps = 4, Strength = 0.5 };

        var gradient = await pipeline.GenerateAsync(request, TestImages.Gradient(256, 320), null, CancellationToken.None);
        var solid = await pipeline.GenerateAsync(request, TestImages.Solid(256, 320, 200), null, CancellationToken.None);

        Assert.Equal(2, gradient.StepsRun);
        Assert.NotEqual(StableDiffusionPipelineTests.Pixels(gradient.Images[0].Png), StableDiffusionPipelineTests.Pixels(solid.Images[0].Png));
    }

    [Fact]
    public async Task Turbo_RendersOneStepWithoutGuidance_AsABatch()
    {
        var model = models.Model(new TinyModelOptions(Family: ModelFamily.SdxlTurbo, Layout: ExportLayout.Optimum, Float16: true));
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        var result = await pipeline.GenerateAsync(Request(ModelFamily.SdxlTurbo) with { Count = 2 }, null, null, CancellationToken.None);
        var alone = await pipeline.GenerateAsync(Request(ModelFamily.SdxlTurbo) with { Seed = result.Images[1].Seed }, null, null, CancellationToken.None);

        Assert.Equal(1, result.StepsRun);
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(StableDiffusionPipelineTests.Pixels(result.Images[1].Png), StableDiffusionPipelineTests.Pixels(alone.Images[0].Png));
    }

    [Fact]
    public async Task Float32TextEncoders_FeedAFloat16UNet()
    {
        var path = models.Write(XlTextEncodingTests.SdxlFloat16);
        var float32 = models.PathOf(XlTextEncodingTests.Sdxl);
        foreach (var encoder in new[] { "text_encoder", "text_encoder_2" })
            File.Copy(Path.Combine(float32, encoder, "model.onnx"), Path.Combine(path, encoder, "model.onnx"), overwrite: true);
        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        var result = await pipeline.GenerateAsync(Request(ModelFamily.Sdxl), null, null, CancellationToken.None);

        Assert.Equal(TensorElementType.Float, model.TextEncoder.ElementType);
        Assert.Equal(TensorElementType.Float16, model.UNet.ElementType);
        Assert.Single(result.Images);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Load_WarnsOfAFloat16VaeDecoder_WhoseConfigAsksForTheUpcast(bool float16, bool warned)
    {
        using var logs = new CapturedLogs();
        var path = models.Write(float16 ? XlTextEncodingTests.SdxlFloat16 : XlTextEncodingTests.Sdxl);

        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, logs.CreateLogger("test"));

        Assert.Equal(warned, logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("force_upcast", StringComparison.Ordinal) && line.Contains("sdxl-vae-fp16-fix", StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_NamesTheMissingSecondTextEncoder()
    {
        var path = models.Write(XlTextEncodingTests.Sdxl);
        var missing = Path.Combine(path, "text_encoder_2", "model.onnx");
        File.Delete(missing);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(missing, error.PartPath);
        Assert.Contains("SDXL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RefusesAnSdxlUNet_WhenModelIndexNamesAStableDiffusion1Pipeline()
    {
        var path = models.Write(XlTextEncodingTests.Sdxl);
        var index = Path.Combine(path, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("ORTStableDiffusionXLPipeline", "StableDiffusionPipeline", StringComparison.Ordinal));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "unet", "model.onnx"), error.PartPath);
        Assert.Contains("text_embeds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StableDiffusionXLImg2ImgPipeline")]
    [InlineData("ORTStableDiffusionXLImg2ImgPipeline")]
    public void Load_AcceptsTheImageToImageClassNames(string className)
    {
        var path = models.Write(XlTextEncodingTests.Sdxl);
        var index = Path.Combine(path, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("ORTStableDiffusionXLPipeline", className, StringComparison.Ordinal));

        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);

        Assert.NotNull(model.Xl);
    }

    [Fact]
    public void StableDiffusion1Model_HasNoSdxlParts()
    {
        var model = models.Model(TinyModelFixture.Float32);

        Assert.Null(model.Xl);
        Assert.False(model.Folder.IsXl);
    }

    /// <summary>SDXL's few guided steps, or SDXL-Turbo's one unguided step with the model's own sampler; 256 x 320.</summary>
    internal static DreamParameters Request(ModelFamily family) => family == ModelFamily.SdxlTurbo
        ? new() { Prompt = "a watercolor fox", Steps = 1, Guidance = 0, Seed = 7, Width = 256, Height = 320 }
        : new() { Prompt = "a watercolor fox", Steps = 3, Guidance = 5, Seed = 7, Width = 256, Height = 320, Sampler = "euler" };
}
