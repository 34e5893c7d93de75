using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Folders as each exporter writes them (diffusers' conversion script, Optimum; old and new; fp32 and fp16).</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ExportLayoutTests(TinyModelFixture models)
{
    public static TheoryData<ExportLayout, bool> EveryLayoutAndPrecision()
    {
        var data = new TheoryData<ExportLayout, bool>();
        foreach (var layout in Enum.GetValues<ExportLayout>())
        {
            data.Add(layout, false);
            data.Add(layout, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLayoutAndPrecision))]
    public async Task EveryExportLayout_LoadsAndRenders_InFloat32AndFloat16(ExportLayout layout, bool float16)
    {
        var model = models.Model(new TinyModelOptions(Float16: float16, Layout: layout));

        Assert.Equal(TinyGraphs.LatentChannels, model.LatentChannels);
        Assert.Equal(TinyGraphs.HiddenSize, model.TextEncoder.HiddenSize);
        Assert.Equal(float16 ? TensorElementType.Float16 : TensorElementType.Float, model.UNet.ElementType);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var result = await pipeline.GenerateAsync(Request(), null, null, CancellationToken.None);
        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((256, 256), (image.Width, image.Height));
        Assert.Equal(2, result.StepsRun);
    }

    [Theory]
    [InlineData(ExportLayout.DiffusersScriptOld, TensorElementType.Int64, TensorElementType.Int32)]
    [InlineData(ExportLayout.DiffusersScript, TensorElementType.Float, TensorElementType.Int32)]
    [InlineData(ExportLayout.OptimumOld, TensorElementType.Int64, TensorElementType.Int32)]
    [InlineData(ExportLayout.Optimum, TensorElementType.Float, TensorElementType.Int64)]
    public void Load_TakesTheTimestepAndTokenTypesTheExporterWrote(ExportLayout layout, TensorElementType timestep, TensorElementType ids)
    {
        var model = models.Model(new TinyModelOptions(Layout: layout));

        Assert.Equal(timestep, model.UNet.TimestepType);
        Assert.Equal(ids, model.TextEncoder.InputIdType);
    }

    [Theory]
    [InlineData(ExportLayout.OptimumOld)]
    [InlineData(ExportLayout.DiffusersScript)]
    public void Load_ReadsChannelAndHiddenCountsFromTheWeights_WhenTheConfigsAreRemoved(ExportLayout layout)
    {
        var path = models.Write(new TinyModelOptions(Layout: layout));
        foreach (var config in Directory.GetFiles(path, "config.json", SearchOption.AllDirectories))
            File.Delete(config);

        using var model = StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);

        Assert.Equal(TinyGraphs.LatentChannels, model.LatentChannels);
        Assert.Equal(TinyGraphs.LatentChannels, model.VaeDecoder.LatentChannels);
        Assert.Equal(TinyGraphs.HiddenSize, model.TextEncoder.HiddenSize);
    }

    [Fact]
    public void Load_NamesTheUNet_WhenItsConfigDisagreesWithTheGraph()
    {
        var path = models.Write(new TinyModelOptions(Layout: ExportLayout.Optimum));
        var config = Path.Combine(path, "unet", "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"in_channels\": 4", "\"in_channels\": 9", StringComparison.Ordinal));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "unet", "model.onnx"), error.PartPath);
        Assert.Contains("says 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameWeights_RenderTheSameImage_InTheDiffusersScriptAndOptimumLayouts()
    {
        // Both take a float timestep and write the same random weights; only names, axes and configs differ.
        var script = models.Model(new TinyModelOptions(Layout: ExportLayout.DiffusersScript));
        var optimum = models.Model(new TinyModelOptions(Layout: ExportLayout.Optimum));
        using var first = new StableDiffusionPipeline(script, ImageLimits.Default);
        using var second = new StableDiffusionPipeline(optimum, ImageLimits.Default);

        var fromScript = await first.GenerateAsync(Request(), null, null, CancellationToken.None);
        var fromOptimum = await second.GenerateAsync(Request(), null, null, CancellationToken.None);

        Assert.Equal(StableDiffusionPipelineTests.Pixels(fromScript.Images[0].Png), StableDiffusionPipelineTests.Pixels(fromOptimum.Images[0].Png));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AUNetWithAFixedOrScalarTimestep_IsFedTheShapeItDeclares(int length)
    {
        var model = models.Model(new TinyModelOptions(FloatTimestep: true, TimestepLength: length));
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        // Guidance makes the batch 2, the size a batch-2 static export fixes its timestep at.
        var result = await pipeline.GenerateAsync(Request() with { Guidance = 7.5 }, null, null, CancellationToken.None);

        Assert.Equal(length == 0 ? 0 : 1, model.UNet.TimestepShape.Length);
        Assert.Equal(2, result.StepsRun);
    }

    [Fact]
    public async Task ScalarAndFixedLengthTimesteps_RenderWhatASymbolicOneRenders()
    {
        using var symbolic = new StableDiffusionPipeline(models.Model(new TinyModelOptions(FloatTimestep: true)), ImageLimits.Default);
        using var scalar = new StableDiffusionPipeline(models.Model(new TinyModelOptions(FloatTimestep: true, TimestepLength: 0)), ImageLimits.Default);
        var request = Request() with { Guidance = 1 };

        var expected = await symbolic.GenerateAsync(request, null, null, CancellationToken.None);
        var actual = await scalar.GenerateAsync(request, null, null, CancellationToken.None);

        Assert.Equal(StableDiffusionPipelineTests.Pixels(expected.Images[0].Png), StableDiffusionPipelineTests.Pixels(actual.Images[0].Png));
    }

    private static DreamParameters Request() => StableDiffusionPipelineTests.Request() with { Steps = 2 };
}
