using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;

namespace DreamBot.Tests.Worker.Cli;

/// <summary><c>generate-tiny-model --family</c> and <c>generate</c> with SDXL folders.</summary>
public sealed class XlCliTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("xl-cli");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("sdxl", "diffusers-script", "--steps", "3", "--guidance", "5")]
    [InlineData("sdxl-turbo", "optimum", "--steps", "1", "--guidance", "0")]
    public async Task GenerateTinyModel_WritesAnSdxlFolder_ThatGeneratesTheSamePngTwice(string family, string layout, params string[] settings)
    {
        var model = Path.Combine(_directory, family);
        var (first, second) = (Path.Combine(_directory, "1.png"), Path.Combine(_directory, "2.png"));

        var written = await WorkerCli.RunAsync(["generate-tiny-model", "--out", model, "--tokenizer", TestPaths.Clip, "--family", family, "--layout", layout, "--fp16"]);
        string[] generate = ["generate", "--model", model, "--prompt", "a fox", .. settings, "--seed", "5", "--width", "256", "--height", "256", "--device", "cpu"];
        var firstExit = await WorkerCli.RunAsync([.. generate, "--out", first]);
        var secondExit = await WorkerCli.RunAsync([.. generate, "--out", second]);

        Assert.Equal((0, 0, 0), (written, firstExit, secondExit));
        Assert.True(File.Exists(Path.Combine(model, "text_encoder_2", "model.onnx")));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Generate_ExitsWithOne_NamingTheMissingSecondTextEncoder()
    {
        var model = Path.Combine(_directory, "sdxl");
        await WorkerCli.RunAsync(["generate-tiny-model", "--out", model, "--tokenizer", TestPaths.Clip, "--family", "sdxl"]);
        var missing = Path.Combine(model, "text_encoder_2", "model.onnx");
        File.Delete(missing);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await new GenerateCommand(output, error).RunAsync(
            ["--model", model, "--prompt", "x", "--device", "cpu", "--out", Path.Combine(_directory, "o.png")], CancellationToken.None);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains(missing, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "o.png")));
    }

    [Fact]
    public async Task GenerateTinyModel_ExitsWithBadArguments_ForAnUnknownFamily()
    {
        var exit = await WorkerCli.RunAsync(["generate-tiny-model", "--out", Path.Combine(_directory, "m"), "--family", "sd3"]);

        Assert.Equal(CliErrors.BadArguments, exit);
    }
}
