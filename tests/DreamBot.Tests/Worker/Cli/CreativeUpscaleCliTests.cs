using DreamBot.ModelBuilder;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;

namespace DreamBot.Tests.Worker.Cli;

/// <summary><c>upscale --creative</c> refuses bad input with exit code 2 and the reason, before loading anything.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class CreativeUpscaleCliTests(TinyModelFixture models) : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("cli-creative");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--prompt is required", "--prompt")]
    [InlineData("must be below 1", "--strength", "1")]
    [InlineData("runs no step at all", "--strength", "0.1")]
    [InlineData("there is no larger size to render it at", "--max-side", "256")]
    [InlineData("--upscaler: no file", "--upscaler", "/no/such/upscaler.onnx")]
    [InlineData("--image: no file", "--image", "/no/such/image.png")]
    public async Task BadArguments_ExitWithTwo_AndSayWhy(string reason, params string[] change)
    {
        var image = Path.Combine(_directory, "in.png");
        await File.WriteAllBytesAsync(image, TestImages.Gradient(256, 256));
        var upscaler = Path.Combine(_directory, "x2.onnx");
        new TinyUpscaler(Scale: 2).Write(upscaler);
        var options = new Dictionary<string, string>
        {
            ["--upscaler"] = upscaler, ["--model"] = models.PathOf(TinyModelFixture.Float32), ["--image"] = image, ["--prompt"] = "a harbour",
            ["--steps"] = "4", ["--device"] = "cpu", ["--out"] = Path.Combine(_directory, "out.png"),
        };
        if (change.Length == 1)
            options.Remove(change[0]);
        else
            options[change[0]] = change[1];
        var error = new StringWriter();

        var exit = await new UpscaleCommand(TextWriter.Null, error).RunAsync(["--creative", .. options.SelectMany(o => new[] { o.Key, o.Value })], CancellationToken.None);

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(options["--out"]));
    }
}
