using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class StableDiffusionModelTests(TinyModelFixture models)
{
    [Fact]
    public void Load_ReadsSignatureFromSessions_WhenModelIsFloat32WithInt64Timestep()
    {
        var model = models.Model(TinyModelFixture.Float32);

        Assert.Equal(TensorElementType.Float, model.UNet.ElementType);
        Assert.Equal(TensorElementType.Int64, model.UNet.TimestepType);
        Assert.Equal(TensorElementType.Int32, model.TextEncoder.InputIdType);
        Assert.Equal(TinyGraphs.HiddenSize, model.TextEncoder.HiddenSize);
        Assert.Equal(TinyGraphs.LatentChannels, model.LatentChannels);
        Assert.Equal(8, model.VaeScaleFactor);
        Assert.Equal(0.18215, model.Folder.ScalingFactor, 6);
        Assert.NotNull(model.SafetyChecker);
        Assert.NotNull(model.VaeEncoder);
        Assert.Equal(ExecutionDevice.Cpu, model.Device);
    }

    [Fact]
    public void Load_ReadsHalfPrecision_WhenModelIsFloat16WithFloatTimestep()
    {
        var model = models.Model(TinyModelFixture.Float16);

        Assert.Equal(TensorElementType.Float16, model.UNet.ElementType);
        Assert.Equal(TensorElementType.Float16, model.TextEncoder.ElementType);
        Assert.Equal(TensorElementType.Float16, model.UNet.TimestepType);
        Assert.Null(model.SafetyChecker);
    }

    [Fact]
    public void Load_LeavesOptionalPartsOut_WhenFolderHasNoEncoderOrSafetyChecker_AndTakesInt64Ids()
    {
        var model = models.Model(TinyModelFixture.FloatTimestepNoEncoder);

        Assert.Null(model.VaeEncoder);
        Assert.Null(model.SafetyChecker);
        Assert.Equal(TensorElementType.Float, model.UNet.TimestepType);
        Assert.Equal(TensorElementType.Int64, model.TextEncoder.InputIdType);
    }

    [Theory]
    [InlineData("unet/model.onnx")]
    [InlineData("text_encoder/model.onnx")]
    [InlineData("vae_decoder/model.onnx")]
    [InlineData("tokenizer/merges.txt")]
    [InlineData("scheduler/scheduler_config.json")]
    [InlineData("model_index.json")]
    public void Load_NamesTheFile_WhenARequiredPartIsMissing(string part)
    {
        var path = models.Write(new TinyModelOptions());
        File.Delete(Path.Combine(path, part));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, part), error.PartPath);
        Assert.Contains(part.Replace('/', Path.DirectorySeparatorChar), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamesTheUNet_WhenItsHiddenStateTypeDoesNotMatchTheTextEncoder()
    {
        var path = models.Write(new TinyModelOptions());
        var other = models.Write(new TinyModelOptions(Float16: true));
        // A float16 text encoder beside a float32 UNet: the UNet can't take its hidden states.
        File.Copy(Path.Combine(other, "text_encoder", "model.onnx"), Path.Combine(path, "text_encoder", "model.onnx"), overwrite: true);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "unet", "model.onnx"), error.PartPath);
    }

    [Fact]
    public void Load_NamesTheUNet_WhenItsHiddenSizeDoesNotMatchTheTextEncoder()
    {
        var path = models.Write(new TinyModelOptions());
        var unet = new OnnxGraph("unet");
        unet.Input("sample", OnnxElementType.Float, "batch", 4, "height", "width");
        unet.Input("timestep", OnnxElementType.Int64, 1);
        unet.Input("encoder_hidden_states", OnnxElementType.Float, "batch", 77, 64);
        unet.NodeTo("Identity", ["sample"], "out_sample");
        unet.Output("out_sample", OnnxElementType.Float, "batch", 4, "height", "width");
        unet.Save(Path.Combine(path, "unet", "model.onnx"));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "unet", "model.onnx"), error.PartPath);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamesTheSafetyChecker_WhenItsClipInputIsNot224()
    {
        var path = models.Write(new TinyModelOptions());
        var checker = new OnnxGraph("safety_checker");
        checker.Input("clip_input", OnnxElementType.Float, "batch", 3, 256, 256);
        checker.Input("images", OnnxElementType.Float, "batch", "height", "width", 3);
        checker.NodeTo("Identity", ["images"], "out_images");
        checker.Output("out_images", OnnxElementType.Float, "batch", "height", "width", 3);
        checker.Output("has_nsfw_concepts", OnnxElementType.Bool, "batch");
        checker.NodeTo("Greater", [checker.Node("ReduceMean", ["clip_input"], OnnxAttribute.Ints("axes", 1, 2, 3), OnnxAttribute.Int("keepdims", 0)), checker.Scalar(0)], "has_nsfw_concepts");
        Directory.CreateDirectory(Path.Combine(path, "safety_checker"));
        checker.Save(Path.Combine(path, "safety_checker", "model.onnx"));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "safety_checker", "model.onnx"), error.PartPath);
        Assert.Contains("224", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamesTheFile_WhenAGraphIsCorrupt()
    {
        var path = models.Write(new TinyModelOptions());
        File.WriteAllBytes(Path.Combine(path, "vae_decoder", "model.onnx"), [1, 2, 3, 4]);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "vae_decoder", "model.onnx"), error.PartPath);
    }

    [Fact]
    public void Load_NamesTheFile_WhenAGraphHasTheWrongInputs()
    {
        var path = models.Write(new TinyModelOptions());
        // The VAE decoder in the UNet's place: no 'timestep' input.
        File.Copy(Path.Combine(path, "vae_decoder", "model.onnx"), Path.Combine(path, "unet", "model.onnx"), overwrite: true);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "unet", "model.onnx"), error.PartPath);
        Assert.Contains("'sample'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PutsUNetWeightsInAnExternalFile_LikeLargeExports()
    {
        var path = models.PathOf(TinyModelFixture.Float32);

        Assert.True(new FileInfo(Path.Combine(path, "unet", "model.onnx_data")).Length > 0);
    }

    [Fact]
    public void Load_Throws_WhenFolderDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dreambot-missing-{Guid.NewGuid():N}");

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(missing, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(missing, error.PartPath);
    }
}
