using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>
/// The full-size random-weight folder through the real loader and pipeline at the smallest size requests allow. Its
/// class fixture takes the CPU for a while, so it shares the tiny models' collection rather than run beside them.
/// </summary>
[Collection(TinyModelCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FullSizeModelTests(FullSizeModelFixture fullSize, ITestOutputHelper output) : IClassFixture<FullSizeModelFixture>
{
    private const int Side = DreamLimits.MinSide;
    private const int LatentSide = Side / 8;

    [Fact]
    public void Load_ReadsStableDiffusion15sSizesFromTheFolder()
    {
        var model = fullSize.Model;
        output.WriteLine($"written in {fullSize.WriteTime.TotalSeconds:F1} s, loaded in {fullSize.LoadTime.TotalSeconds:F1} s");

        Assert.Equal(768, model.TextEncoder.HiddenSize);
        Assert.Equal(768, model.UNet.HiddenSize);
        Assert.Equal(8, model.VaeScaleFactor);
        Assert.Equal(4, model.LatentChannels);
        Assert.Equal(0.18215, model.Folder.ScalingFactor, 6);
        Assert.Equal(TensorElementType.Float, model.UNet.ElementType);
        Assert.Equal(TensorElementType.Int64, model.UNet.TimestepType);
        Assert.Equal(TensorElementType.Int32, model.TextEncoder.InputIdType);
        Assert.NotNull(model.VaeEncoder);
        Assert.Equal(ExecutionDevice.Cpu, model.Device);
    }

    [Fact]
    public void UNetAndVae_GiveFiniteOutputs_ForANormalLatent()
    {
        var model = fullSize.Model;
        var ids = model.Tokenizer.Encode("a lighthouse at dusk").InputIds;
        using var embeddings = model.TextEncoder.Encode([ids]);
        var latent = Normal(4 * LatentSide * LatentSide, seed: 3);

        using var unet = model.UNet.Bind(embeddings, 1, LatentSide, LatentSide);
        latent.CopyTo(unet.Sample);
        var noise = unet.Predict(999).ToArray();
        var image = new float[3 * Side * Side];
        model.VaeDecoder.Decode(latent.Select(v => v / 0.18215f).ToArray(), [1, 4, LatentSide, LatentSide], image);
        var encoded = new float[latent.Length];
        model.VaeEncoder!.Encode(image, [1, 3, Side, Side], encoded);

        AssertFiniteAndVaried(noise, "UNet output");
        AssertFiniteAndVaried(image, "decoded image");
        AssertFiniteAndVaried(encoded, "encoded latent");
    }

    [Fact]
    public async Task GenerateAsync_WritesAPngOfTheRequestedSize()
    {
        using var pipeline = new StableDiffusionPipeline(fullSize.Model, ImageLimits.Default);
        var request = new DreamParameters { Prompt = "a lighthouse at dusk", Steps = 1, Seed = 5, Width = Side, Height = Side, Sampler = "euler" };

        var result = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
        output.WriteLine($"denoise {result.Timings.Denoise.TotalSeconds:F1} s, vae decode {result.Timings.VaeDecode.TotalSeconds:F1} s");

        using var image = Image.Load<Rgb24>(Assert.Single(result.Images).Png);
        Assert.Equal((Side, Side), (image.Width, image.Height));
        Assert.Equal(1, result.StepsRun);
    }

    private static float[] Normal(int count, int seed)
    {
        var values = new float[count];
        new PcgNoiseSource(seed).NextGaussian(values);
        return values;
    }

    private static void AssertFiniteAndVaried(float[] values, string what)
    {
        Assert.All(values, v => Assert.True(float.IsFinite(v), $"{what} holds {v}"));
        Assert.True(values.Max() - values.Min() > 1e-3, $"{what} is flat");
    }
}
