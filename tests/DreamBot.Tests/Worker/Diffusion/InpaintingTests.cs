using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Components;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static DreamBot.Tests.Infrastructure.TestImages;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>The tiny inpainting model (9-channel UNet) through the pipeline: zoom out, pan and masks keep the known pixels exactly.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class InpaintingTests(TinyModelFixture models)
{
    private static readonly TinyModelOptions Inpaint = new(Family: ModelFamily.Inpaint);

    [Theory]
    [InlineData(ExportLayout.DreamBot)]
    [InlineData(ExportLayout.DiffusersScript)]
    [InlineData(ExportLayout.OptimumOld)]
    [InlineData(ExportLayout.Optimum)]
    public async Task TinyInpaintModel_InEveryLayout_LoadsAsInpainting_AndRenders(ExportLayout layout)
    {
        using var model = StableDiffusionModel.Load(models.Write(Inpaint with { Layout = layout }), DreamBot.Shared.Configuration.ExecutionDevice.Cpu, 0,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

        var result = await pipeline.GenerateAsync(ZoomOut(2), Gradient(256, 256), null, CancellationToken.None);

        Assert.Equal((9, 4, true), (model.UNet.InputChannels, model.UNet.LatentChannels, model.UNet.IsInpainting));
        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((512, 512), (image.Width, image.Height));
    }

    [Fact]
    public void TheOtherFamilies_AreNotInpainting()
    {
        var unet = models.Model(TinyModelFixture.Float32).UNet;

        Assert.Equal((4, 4, false), (unet.InputChannels, unet.LatentChannels, unet.IsInpainting));
    }

    [Fact]
    public async Task ZoomOut2x_KeepsTheOriginalExactly_InItsRegion_AndPaintsTheBorder()
    {
        using var pipeline = Pipeline();
        using var original = Image.Load<Rgb24>(Gradient(256, 256));

        var result = await pipeline.GenerateAsync(ZoomOut(2), Gradient(256, 256), null, CancellationToken.None);

        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((512, 512), (image.Width, image.Height));
        Assert.Equal(0, Mismatches(image, original, 128, 128));
        // The border is generated, not left as the grey the canvas starts with.
        Assert.Contains(Enumerable.Range(0, 512), x => image[x, 10] != new Rgb24(128, 128, 128));
    }

    [Fact]
    public async Task PanLeft_KeepsTheWholeOriginal_BesideTheNewStrip()
    {
        using var pipeline = Pipeline();
        using var original = Image.Load<Rgb24>(Gradient(256, 256));
        var (width, height, placement) = Outpaint.Pan(256, 256, PanDirection.Left, 1024, 1024 * 1024);

        var result = await pipeline.GenerateAsync(Request() with { Width = width, Height = height, Placement = placement },
            Gradient(256, 256), null, CancellationToken.None);

        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((384, 256, new ImagePlacement(128, 0, 256, 256)), (image.Width, image.Height, placement));
        Assert.Equal(0, Mismatches(image, original, 128, 0));
    }

    [Fact]
    public async Task AMask_RepaintsItsWhitePart_AndKeepsTheRestExactly()
    {
        using var pipeline = Pipeline();
        using var original = Image.Load<Rgb24>(Gradient(256, 256));

        var result = await pipeline.GenerateAsync(Request() with { Mask = "mask.png" }, Gradient(256, 256), LeftHalfMask(256, 256), null, CancellationToken.None);

        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        using var right = original.Clone(c => c.Crop(new Rectangle(128, 0, 128, 256)));
        Assert.Equal(0, Mismatches(image, right, 128, 0));
        using var left = original.Clone(c => c.Crop(new Rectangle(0, 0, 128, 256)));
        Assert.True(Mismatches(image, left, 0, 0) > 128 * 256 / 2, "the masked half is repainted");
    }

    [Fact]
    public async Task AMask_BelowFullStrength_RunsThatShareOfTheSteps_FromTheEncodedImage_AndStillKeepsTheRest()
    {
        using var pipeline = Pipeline();
        using var original = Image.Load<Rgb24>(Gradient(256, 256));
        var steps = 0;

        var result = await pipeline.GenerateAsync(Request() with { Mask = "mask.png", Steps = 8, Strength = 0.5 },
            Gradient(256, 256), LeftHalfMask(256, 256), _ => steps++, CancellationToken.None);

        Assert.Equal((4, 4), (result.StepsRun, steps));
        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        using var right = original.Clone(c => c.Crop(new Rectangle(128, 0, 128, 256)));
        Assert.Equal(0, Mismatches(image, right, 128, 0));
    }

    [Fact]
    public async Task AnInpaintingModel_AskedForTextToImage_PaintsTheWholeCanvas()
    {
        using var pipeline = Pipeline();

        var result = await pipeline.GenerateAsync(StableDiffusionPipelineTests.Request() with { Steps = 2 }, null, null, CancellationToken.None);

        using var image = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((256, 256), (image.Width, image.Height));
        Assert.Contains(Enumerable.Range(0, 256), x => image[x, 128] != new Rgb24(128, 128, 128));
    }

    [Fact]
    public async Task TheGeneratedPart_DependsOnTheKnownPixels_ThroughTheMaskedImageLatents()
    {
        using var pipeline = Pipeline();

        var first = await pipeline.GenerateAsync(ZoomOut(2), Gradient(256, 256), null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(ZoomOut(2), Solid(256, 256, 20), null, CancellationToken.None);

        using var a = Image.Load<Rgb24>(first.Images[0].Png);
        using var b = Image.Load<Rgb24>(second.Images[0].Png);
        // Same seed and prompt: only the masked image's latents differ, and they change the border beside the original
        // (the tiny UNet sees a few latent pixels around each one).
        Assert.Contains(Enumerable.Range(128, 256), x => a[x, 124] != b[x, 124]);
    }

    [Fact]
    public void TheConditioning_IsTheLatentMask_ThenTheVaeEncodingOfTheMaskedImage_TimesTheScalingFactor()
    {
        var model = models.Model(Inpaint);
        using var init = Image.Load<Rgb24>(Gradient(256, 256));
        var original = PixelConversion.ToSignedPlanar(init);
        using var canvas = InpaintCanvas.Create(init.Clone(), null, new ImagePlacement(128, 256, 256, 256), 512, 512);

        var conditioning = InpaintConditioning.Build(model, canvas, 64, 64);

        // diffusers: mask = interpolate(mask, size=latents), nearest: latent (y, x) reads pixel (8y, 8x).
        var mask = conditioning.AsSpan(0, 64 * 64).ToArray();
        Assert.Equal(32 * 32, mask.Count(m => m == 0));
        Assert.Equal((0f, 1f, 1f), (mask[(32 * 64) + 16], mask[(31 * 64) + 16], mask[(32 * 64) + 15]));
        // masked_image = image * (mask < 0.5): the original where kept, 0 (in [-1, 1]) everywhere else.
        const int Plane = 512 * 512;
        var expectedImage = new float[3 * Plane];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 256; y++)
            {
                for (var x = 0; x < 256; x++)
                    expectedImage[(c * Plane) + ((256 + y) * 512) + 128 + x] = original[(c * 256 * 256) + (y * 256) + x];
            }
        }
        var expectedLatents = new float[4 * 64 * 64];
        model.VaeEncoder!.Encode(expectedImage, [1, 3, 512, 512], expectedLatents);
        Assert.Equal(expectedLatents.Select(v => v * (float)model.Folder.ScalingFactor), conditioning.AsSpan(64 * 64).ToArray());
    }

    [Fact]
    public async Task AMaskedRequest_ToAModelThatDoesNotInpaint_IsRefusedWithTheReason()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            pipeline.GenerateAsync(ZoomOut(2), Gradient(256, 256), null, CancellationToken.None));

        Assert.Contains("not an inpainting model", error.Message, StringComparison.Ordinal);
    }

    private static DreamParameters Request() =>
        StableDiffusionPipelineTests.Request() with { InitImage = "init.png", Strength = 1, Steps = 3 };

    private static DreamParameters ZoomOut(double factor)
    {
        var (width, height, placement) = Outpaint.ZoomOut(256, 256, factor, 1024, 1024 * 1024);
        return Request() with { Width = width, Height = height, Placement = placement };
    }

    private StableDiffusionPipeline Pipeline() => new(models.Model(Inpaint), ImageLimits.Default);

    private static byte[] LeftHalfMask(int width, int height)
    {
        using var mask = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width / 2; x++)
                mask[x, y] = new Rgb24(255, 255, 255);
        }
        return Png(mask);
    }
}
