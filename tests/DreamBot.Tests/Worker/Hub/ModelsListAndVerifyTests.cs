using DreamBot.ModelBuilder;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;

namespace DreamBot.Tests.Worker.Hub;

public sealed class ModelsListAndVerifyTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("models-root");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task List_ShowsEachFolderWithItsSizeAndCompleteness()
    {
        TinyModelGenerator.Write(Path.Combine(_root, "tiny"), TestPaths.Clip, new TinyModelOptions());
        TinyModelGenerator.Write(Path.Combine(_root, "broken"), TestPaths.Clip, new TinyModelOptions());
        File.Delete(Path.Combine(_root, "broken", "unet", "model.onnx"));
        Directory.CreateDirectory(Path.Combine(_root, "pulling.partial"));

        var exit = await Run("list", "--root", _root);

        Assert.Equal(0, exit);
        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^broken\s+[0-9.]+ MiB\s+incomplete: .*unet.*missing", lines[0]);
        Assert.Matches(@"^pulling\.partial\s+0\.0 MiB\s+partial download", lines[1]);
        Assert.Matches(@"^tiny\s+[0-9.]+ MiB\s+complete", lines[2]);
    }

    [Fact]
    public async Task Verify_LoadsTheModel_AndReportsItsShape()
    {
        var model = Path.Combine(_root, "tiny");
        TinyModelGenerator.Write(model, TestPaths.Clip, new TinyModelOptions(SafetyChecker: true));

        var exit = await Run("verify", model);

        Assert.True(exit == 0, _error.ToString());
        Assert.Contains("4 latent channels", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("safety checker yes", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ExitsWithOne_WhenAFileIsStillIncomplete()
    {
        var model = Path.Combine(_root, "tiny");
        TinyModelGenerator.Write(model, TestPaths.Clip, new TinyModelOptions());
        File.Move(Path.Combine(model, "unet", "model.onnx"), Path.Combine(model, "unet", "model.onnx.incomplete"));

        var exit = await Run("verify", model);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains(".incomplete", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ExitsWithOne_WhenAGraphIsNotOnnx()
    {
        var model = Path.Combine(_root, "tiny");
        TinyModelGenerator.Write(model, TestPaths.Clip, new TinyModelOptions());
        await File.WriteAllTextAsync(Path.Combine(model, "vae_decoder", "model.onnx"), "not a graph");

        Assert.Equal(CliErrors.Failed, await Run("verify", model));
    }

    private Task<int> Run(params string[] args) => new ModelsCommand(_output, _error, _ => null).RunAsync(args, CancellationToken.None);
}
