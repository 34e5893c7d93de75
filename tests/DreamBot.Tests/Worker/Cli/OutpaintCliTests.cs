using DreamBot.ModelBuilder;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Cli;

/// <summary>The command line's inpainting: <c>generate --mask</c> and the <c>outpaint</c> verb, with the tiny inpainting model.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class OutpaintCliTests(TinyModelFixture models) : IDisposable
{
    private static readonly TinyModelOptions Inpaint = new(Family: ModelFamily.Inpaint);
    private readonly string _directory = TestPaths.NewTempDirectory("cli-outpaint");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Outpaint_Zoom2_WritesTwiceTheCanvas_WithTheInitImageExactlyInTheMiddle()
    {
        var init = Path.Combine(_directory, "init.png");
        await File.WriteAllBytesAsync(init, TestImages.Gradient(256, 256));
        var output = Path.Combine(_directory, "out.png");

        var exit = await WorkerCli.RunAsync(["outpaint", "--model", models.PathOf(Inpaint), "--init-image", init, "--zoom", "2", "--prompt", "a harbour",
            "--steps", "2", "--seed", "5", "--device", "cpu", "--out", output]);

        Assert.Equal(0, exit);
        using var original = Image.Load<Rgb24>(init);
        using var zoomed = Image.Load<Rgb24>(output);
        Assert.Equal((512, 512), (zoomed.Width, zoomed.Height));
        Assert.Equal(0, DreamBot.Tests.EndToEnd.OutpaintTests.Mismatches(zoomed, original, 128, 128));
    }

    [Fact]
    public async Task Outpaint_PanRight_AddsHalfTheWidth()
    {
        var init = Path.Combine(_directory, "init.png");
        await File.WriteAllBytesAsync(init, TestImages.Gradient(256, 256));
        var output = Path.Combine(_directory, "out.png");

        var exit = await WorkerCli.RunAsync(["outpaint", "--model", models.PathOf(Inpaint), "--init-image", init, "--pan", "right", "--prompt", "a harbour",
            "--steps", "2", "--device", "cpu", "--out", output]);

        Assert.Equal(0, exit);
        using var original = Image.Load<Rgb24>(init);
        using var panned = Image.Load<Rgb24>(output);
        Assert.Equal((384, 256), (panned.Width, panned.Height));
        Assert.Equal(0, DreamBot.Tests.EndToEnd.OutpaintTests.Mismatches(panned, original, 0, 0));
    }

    [Fact]
    public async Task GenerateTinyModel_FamilyInpaint_WritesAModelThatInpaints_AndNeedsItsVaeEncoder()
    {
        var model = Path.Combine(_directory, "tiny-inpaint");

        var written = await WorkerCli.RunAsync(["generate-tiny-model", "--out", model, "--tokenizer", TestPaths.Clip, "--family", "inpaint", "--layout", "optimum"]);
        var refused = await WorkerCli.RunAsync(["generate-tiny-model", "--out", Path.Combine(_directory, "no-encoder"), "--family", "inpaint", "--no-vae-encoder"]);

        Assert.Equal((0, CliErrors.BadArguments), (written, refused));
        using var loaded = DreamBot.Worker.Diffusion.Loading.StableDiffusionModel.Load(model, DreamBot.Shared.Configuration.ExecutionDevice.Cpu, 0,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(loaded.UNet.IsInpainting);
        Assert.Contains("StableDiffusionInpaintPipeline", await File.ReadAllTextAsync(Path.Combine(model, "model_index.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generate", "--init-image", "INIT", "--mask", "/no/such/mask.png")]
    [InlineData("generate", "--mask", "INIT")]
    [InlineData("outpaint", "--init-image", "INIT")]
    [InlineData("outpaint", "--init-image", "INIT", "--zoom", "2", "--pan", "left")]
    [InlineData("outpaint", "--init-image", "INIT", "--zoom", "1")]
    [InlineData("outpaint", "--init-image", "INIT", "--pan", "sideways")]
    [InlineData("outpaint", "--zoom", "2")]
    public async Task BadInpaintingArguments_ExitWithTwo_AndSayWhy(string verb, params string[] args)
    {
        var init = Path.Combine(_directory, "init.png");
        await File.WriteAllBytesAsync(init, TestImages.Gradient(256, 256));
        var error = new StringWriter();
        var command = new GenerateCommand(TextWriter.Null, error);
        string[] arguments = [.. Arguments(args, init)];

        var exit = verb == "outpaint"
            ? await command.RunOutpaintAsync(arguments, CancellationToken.None)
            : await command.RunAsync(arguments, CancellationToken.None);

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMask_ForAModelThatDoesNotInpaint_ExitsWithTwo_NamingTheReason()
    {
        var init = Path.Combine(_directory, "init.png");
        await File.WriteAllBytesAsync(init, TestImages.Gradient(256, 256));
        var error = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, error).RunAsync(["--model", models.PathOf(TinyModelFixture.Float32), "--prompt", "x", "--init-image", init,
            "--mask", init, "--steps", "2", "--width", "256", "--height", "256", "--device", "cpu", "--out", Path.Combine(_directory, "out.png")], CancellationToken.None);

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.Contains("not an inpainting model", error.ToString(), StringComparison.Ordinal);
    }

    private IEnumerable<string> Arguments(string[] args, string init) =>
        ["--model", models.PathOf(Inpaint), "--prompt", "x", "--steps", "2", "--device", "cpu", "--out", Path.Combine(_directory, "out.png"),
            .. args.Select(a => a == "INIT" ? init : a)];
}
