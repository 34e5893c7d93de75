using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.Worker.Cli;

[Collection(TinyModelCollection.Name)]
public sealed class WorkerCliTests(TinyModelFixture models) : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("cli");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--prompt", "x")]
    [InlineData("--prompt", "x", "--out", "o.png", "--steps", "many")]
    [InlineData("--prompt", "x", "--out", "o.png", "--width", "300")]
    [InlineData("--prompt", "x", "--out", "o.png", "--count", "5")]
    [InlineData("--prompt", "x", "--out", "o.png", "--sampler", "nope")]
    [InlineData("--prompt", "x", "--out", "o.png", "--device", "tpu")]
    [InlineData("--prompt", "x", "--out", "o.png", "--strength", "0.5")]
    [InlineData("--prompt", "x", "--out", "o.png", "--init-image", "/no/such/file.png")]
    [InlineData("--prompt", "x", "--out", "o.png", "--colour", "red")]
    [InlineData("stray")]
    public async Task Generate_ExitsWithTwo_ForBadArguments(params string[] args)
    {
        var exit = await WorkerCli.RunAsync(["generate", "--model", models.PathOf(TinyModelFixture.Float32), .. args]);

        Assert.Equal(CliErrors.BadArguments, exit);
    }

    [Fact]
    public async Task Generate_ExitsWithTwo_ForAnInitImageThatIsNotAnImage()
    {
        var directory = NewDirectory();
        var file = Path.Combine(directory, "init.png");
        await File.WriteAllTextAsync(file, "not a png");

        var exit = await WorkerCli.RunAsync(["generate", "--model", models.PathOf(TinyModelFixture.Float32), "--prompt", "x",
            "--init-image", file, "--out", Path.Combine(directory, "o.png")]);

        Assert.Equal(CliErrors.BadArguments, exit);
    }

    [Fact]
    public async Task Generate_ExitsWithOne_WhenTheModelFolderIsIncomplete()
    {
        var model = models.Write(new());
        File.Delete(Path.Combine(model, "vae_decoder", "model.onnx"));
        var output = Path.Combine(NewDirectory(), "o.png");

        var exit = await WorkerCli.RunAsync(["generate", "--model", model, "--prompt", "x", "--device", "cpu", "--out", output]);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Generate_ExitsWithOne_NamingTheSchedulerSetting_WhenTheModelAsksForAScheduleNotImplemented()
    {
        var model = models.Write(ModelSchedulerConfigTests.Scheduler("""{"timestep_type": "continuous"}"""));
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await new GenerateCommand(output, error).RunAsync(
            ["--model", model, "--prompt", "x", "--device", "cpu", "--out", Path.Combine(NewDirectory(), "o.png")], CancellationToken.None);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains("'timestep_type': \"continuous\" changes the schedule", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Equal(2, error.ToString().Split("scheduler_config.json").Length); // the file is named once
    }

    [Fact]
    public async Task Generate_WritesNumberedFiles_ForABatch()
    {
        var output = Path.Combine(NewDirectory(), "fox.png");

        var exit = await WorkerCli.RunAsync(["generate", "--model", models.PathOf(TinyModelFixture.Float32), "--prompt", "a fox",
            "--steps", "2", "--width", "256", "--height", "256", "--count", "2", "--seed", "11", "--sampler", "euler", "--device", "cpu", "--out", output]);

        Assert.Equal(0, exit);
        Assert.Contains("Seed: 11", PngEncoding.ReadParameters(await File.ReadAllBytesAsync(GenerateCommand.NumberedPath(output, 1))), StringComparison.Ordinal);
        Assert.Contains("Seed: 12", PngEncoding.ReadParameters(await File.ReadAllBytesAsync(GenerateCommand.NumberedPath(output, 2))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_SizesTheOutputFromTheInitImage_WhenNoSizeIsGiven()
    {
        var directory = NewDirectory();
        var init = Path.Combine(directory, "init.png");
        await File.WriteAllBytesAsync(init, TestImages.Gradient(600, 300));
        var output = Path.Combine(directory, "o.png");

        var exit = await WorkerCli.RunAsync(["generate", "--model", models.PathOf(TinyModelFixture.Float32), "--prompt", "x",
            "--steps", "4", "--strength", "0.5", "--init-image", init, "--device", "cpu", "--out", output]);

        Assert.Equal(0, exit);
        using var image = SixLabors.ImageSharp.Image.Load(output);
        Assert.Equal((704, 384), (image.Width, image.Height)); // 2:1 at about 512x512 pixels, multiples of 64
    }

    [Fact]
    public async Task CheckDevice_ComparesCudaWithTheCpu_OrSaysWhyCudaIsUnavailable()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await new CheckDeviceCommand(output, error).RunAsync(["--model", models.PathOf(TinyModelFixture.Float32)], CancellationToken.None);

        Assert.Contains("CPU: dreambot/tiny-sd, 256x256, 10 steps", output.ToString(), StringComparison.Ordinal);
        if (exit == 0)
        {
            Assert.Contains("CUDA vs CPU: mean difference", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("identical PNG: ok", output.ToString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(CliErrors.Failed, exit);
            Assert.StartsWith("error: CUDA execution provider unavailable on device 0: ", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckDevice_ExitsWithTwo_ForASizeRequestsCannotHave()
    {
        var exit = await new CheckDeviceCommand(TextWriter.Null, TextWriter.Null).RunAsync(["--size", "100"], CancellationToken.None);

        Assert.Equal(CliErrors.BadArguments, exit);
    }

    [Fact]
    public async Task GenerateTinyModel_ExitsWithTwo_WhenTheTokenizerFolderHasNoVocabulary()
    {
        var exit = await WorkerCli.RunAsync(["generate-tiny-model", "--out", NewDirectory(), "--tokenizer", NewDirectory()]);

        Assert.Equal(CliErrors.BadArguments, exit);
    }

    [Fact]
    public async Task GenerateTinyModel_WritesAFolderThatGenerates()
    {
        var model = Path.Combine(NewDirectory(), "tiny");
        var output = Path.Combine(NewDirectory(), "o.png");

        var written = await WorkerCli.RunAsync(["generate-tiny-model", "--out", model, "--tokenizer", TestPaths.Clip, "--fp16", "--timestep", "float", "--safety-checker"]);
        var generated = await WorkerCli.RunAsync(["generate", "--model", model, "--prompt", "x", "--steps", "2", "--width", "256", "--height", "256", "--device", "cpu", "--out", output]);

        Assert.Equal((0, 0), (written, generated));
        Assert.True(File.Exists(Path.Combine(model, "safety_checker", "model.onnx")));
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task GenerateTinyModel_WritesTheDiffusersScriptLayoutWithAnSd2Tokenizer_ThatGenerates()
    {
        var model = Path.Combine(NewDirectory(), "script");
        var output = Path.Combine(NewDirectory(), "o.png");

        var written = await WorkerCli.RunAsync(["generate-tiny-model", "--out", model, "--tokenizer", TestPaths.Clip, "--layout", "diffusers-script", "--pad-token", "!", "--timestep-shape", "scalar"]);
        var generated = await WorkerCli.RunAsync(["generate", "--model", model, "--prompt", "x", "--steps", "2", "--width", "256", "--height", "256", "--device", "cpu", "--out", output]);

        Assert.Equal((0, 0), (written, generated));
        Assert.True(File.Exists(Path.Combine(model, "unet", "weights.pb")));
        Assert.False(File.Exists(Path.Combine(model, "unet", "config.json")));
        Assert.Contains("\"pad_token\": \"!\"", File.ReadAllText(Path.Combine(model, "tokenizer", "special_tokens_map.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [InlineData("--layout", "onnx")]
    [InlineData("--timestep-shape", "0")]
    public async Task GenerateTinyModel_ExitsWithBadArguments_ForAnUnknownLayoutOrTimestepShape(string option, string value)
    {
        var exit = await WorkerCli.RunAsync(["generate-tiny-model", "--out", NewDirectory(), option, value]);

        Assert.Equal(CliErrors.BadArguments, exit);
    }

    [Fact]
    public async Task Bench_RunsAndSoaks()
    {
        var exit = await WorkerCli.RunAsync(["bench", "--model", models.PathOf(TinyModelFixture.Float32), "--size", "256", "--steps", "2", "--runs", "1", "--soak", "3", "--device", "cpu"]);

        Assert.Equal(0, exit);
    }

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("N"))).FullName;
}
