using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class StableDiffusionPipelineTests(TinyModelFixture models)
{
    public static TheoryData<string, string, int> EverySamplerVariantAndSize()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var sampler in Samplers.All)
        {
            foreach (var variant in new[] { "fp32", "fp16", "float-timestep" })
            {
                data.Add(sampler, variant, 256);
                data.Add(sampler, variant, 512);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EverySamplerVariantAndSize))]
    public async Task GenerateAsync_WritesPngWithParameters_ForEverySamplerAndVariant(string sampler, string variant, int size)
    {
        using var pipeline = Pipeline(Variant(variant));
        var request = new DreamParameters
        {
            Prompt = "a lighthouse at dusk",
            NegativePrompt = "blurry", Sampler = sampler, Steps = 3, Seed = 42, Width = size, Height = size,
        };

        var result = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);

        var png = Assert.Single(result.Images).Png;
        Assert.Equal(PngSignature, png[..8]);
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((size, size), (image.Width, image.Height));
        var parameters = PngEncoding.ReadParameters(png);
        Assert.NotNull(parameters);
        Assert.StartsWith("a lighthouse at dusk\nNegative prompt: blurry\n", parameters, StringComparison.Ordinal);
        Assert.Contains($"Sampler: {sampler}", parameters, StringComparison.Ordinal);
        Assert.Contains("Seed: 42", parameters, StringComparison.Ordinal);
        Assert.Contains($"Size: {size}x{size}", parameters, StringComparison.Ordinal);
        Assert.True(HasTextChunk(png, "parameters"));
        Assert.True(Variance(image) > 0, "the image is a flat colour");
    }

    [Fact]
    public async Task GenerateAsync_GivesIdenticalBytes_ForTheSameSeedTwice()
    {
        using var pipeline = Pipeline(TinyModelFixture.Float32);
        var request = Request() with { Sampler = "euler_a" };

        var first = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);

        Assert.Equal(first.Images[0].Png, second.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_GivesDifferentImages_ForDifferentSeeds()
    {
        using var pipeline = Pipeline(TinyModelFixture.Float32);

        var first = await pipeline.GenerateAsync(Request() with { Seed = 1 }, null, null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(Request() with { Seed = 2 }, null, null, CancellationToken.None);

        Assert.NotEqual(Pixels(first.Images[0].Png), Pixels(second.Images[0].Png));
    }

    [Fact]
    public async Task GenerateAsync_GivesDifferentImages_ForDifferentPrompts()
    {
        using var pipeline = Pipeline(TinyModelFixture.Float32);

        var first = await pipeline.GenerateAsync(Request() with { Prompt = "a red fox" }, null, null, CancellationToken.None);
        var second = await pipeline.GenerateAsync(Request() with { Prompt = "a city skyline at night" }, null, null, CancellationToken.None);

        Assert.NotEqual(Pixels(first.Images[0].Png), Pixels(second.Images[0].Png));
    }

    [Fact]
    public async Task GenerateAsync_ImageIOfABatch_IsReproducedBySeedPlusIAlone()
    {
        using var pipeline = Pipeline(TinyModelFixture.Float32);
        var request = Request() with { Sampler = "euler_a", Seed = 100, Count = 3 };

        var batch = await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
        var single = await pipeline.GenerateAsync(request with { Seed = 102, Count = 1 }, null, null, CancellationToken.None);

        Assert.Equal(3, batch.Images.Count);
        Assert.Equal([100L, 101L, 102L], batch.Images.Select(i => i.Seed));
        Assert.Equal(Pixels(single.Images[0].Png), Pixels(batch.Images[2].Png), new PixelTolerance(2));
        Assert.NotEqual(Pixels(batch.Images[0].Png), Pixels(batch.Images[1].Png));
    }

    [Fact]
    public async Task GenerateAsync_ChangesTheImage_WhenGuidanceUsesTheNegativePrompt()
    {
        using var pipeline = Pipeline(TinyModelFixture.Float32);

        var unguided = await pipeline.GenerateAsync(Request() with { Guidance = 1, NegativePrompt = "one" }, null, null, CancellationToken.None);
        var unguidedOther = await pipeline.GenerateAsync(Request() with { Guidance = 1, NegativePrompt = "two" }, null, null, CancellationToken.None);
        var guided = await pipeline.GenerateAsync(Request() with { Guidance = 7.5, NegativePrompt = "one" }, null, null, CancellationToken.None);
        var guidedOther = await pipeline.GenerateAsync(Request() with { Guidance = 7.5, NegativePrompt = "a completely different text" }, null, null, CancellationToken.None);

        // guidance <= 1 runs the conditional branch alone: the negative prompt cannot matter.
        Assert.Equal(Pixels(unguided.Images[0].Png), Pixels(unguidedOther.Images[0].Png));
        Assert.NotEqual(Pixels(guided.Images[0].Png), Pixels(guidedOther.Images[0].Png));
    }

    internal static DreamParameters Request() => new() { Prompt = "a watercolor fox", Steps = 4, Seed = 7, Width = 256, Height = 256, Sampler = "euler" };

    internal static byte[] Pixels(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray();
    }

    private StableDiffusionPipeline Pipeline(TinyModelOptions options) => new(models.Model(options), ImageLimits.Default);

    private static TinyModelOptions Variant(string name) => name switch
    {
        "fp32" => TinyModelFixture.Float32,
        "fp16" => TinyModelFixture.Float16,
        _ => TinyModelFixture.FloatTimestepNoEncoder,
    };

    private static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];

    private static bool HasTextChunk(byte[] png, string keyword)
    {
        var position = 8;
        while (position + 8 <= png.Length)
        {
            var length = (png[position] << 24) | (png[position + 1] << 16) | (png[position + 2] << 8) | png[position + 3];
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            if (type == "tEXt" && System.Text.Encoding.Latin1.GetString(png, position + 8, length).StartsWith(keyword + "\0", StringComparison.Ordinal))
                return true;
            position += 12 + length;
        }
        return false;
    }

    private static double Variance(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var mean = pixels.Average(p => (double)p.R);
        return pixels.Average(p => (p.R - mean) * (p.R - mean));
    }

    private sealed class PixelTolerance(int tolerance) : IEqualityComparer<byte>
    {
        public bool Equals(byte x, byte y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(byte obj) => 0;
    }
}
