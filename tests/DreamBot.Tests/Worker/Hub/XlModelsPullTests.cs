using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Fakes.Hub;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Hub;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Hub;

/// <summary>
/// <c>models pull</c> of an SDXL repository laid out like stabilityai/stable-diffusion-xl-base-1.0: ONNX graphs in
/// text_encoder_2/ and the rest, tokenizer_2/, and PyTorch weights beside them in the same folders.
/// </summary>
public sealed class XlModelsPullTests : IAsyncLifetime
{
    private const string Repo = "dreambot-tests/tiny-sdxl";

    private readonly string _work = TestPaths.NewTempDirectory("hub-xl");
    private FakeHub _hub = null!;

    public async Task InitializeAsync()
    {
        var model = Path.Combine(_work, "source");
        TinyModelGenerator.Write(model, TestPaths.Clip, new TinyModelOptions(Family: ModelFamily.Sdxl, Layout: ExportLayout.Optimum));
        FakeHubFile[] pytorch =
        [
            new("text_encoder_2/model.safetensors", new byte[700], Lfs: true),
            new("text_encoder_2/model.fp16.safetensors", new byte[350], Lfs: true),
            new("unet/diffusion_pytorch_model.bin", new byte[900], Lfs: true),
            new("vae_1_0/diffusion_pytorch_model.safetensors", new byte[300], Lfs: true),
        ];
        _hub = await FakeHub.StartAsync(Repo, [.. FakeHub.FilesOf(model), .. pytorch]);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Pull_FetchesBothEncodersAndTokenizers_AndSkipsOtherFrameworksWeights()
    {
        var target = Path.Combine(_work, "models", "sdxl");
        using var error = new StringWriter();
        var command = new ModelsCommand(TextWriter.Null, error, name => name == "HF_ENDPOINT" ? _hub.HubUrl : null) { RetryDelay = TimeSpan.Zero };

        var exit = await command.RunAsync(["pull", Repo, "--to", target], CancellationToken.None);

        Assert.True(exit == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(target, "text_encoder_2", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(target, "tokenizer_2", "special_tokens_map.json")));
        Assert.Empty(Directory.EnumerateFiles(target, "*.safetensors", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(target, "*.bin", SearchOption.AllDirectories));
        using var model = StableDiffusionModel.Load(target, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        Assert.NotNull(model.Xl);
    }

    [Fact]
    public void Completeness_NamesTheMissingSecondTokenizer()
    {
        var model = Path.Combine(_work, "source");
        var vocab = Path.Combine(model, "tokenizer_2", "vocab.json");
        File.Delete(vocab);

        var state = ModelsCommand.Completeness(model);

        Assert.StartsWith("incomplete: ", state, StringComparison.Ordinal);
        Assert.Contains(vocab, state, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text_encoder_2/model.onnx", true)]
    [InlineData("text_encoder_2/model.onnx_data", true)]
    [InlineData("tokenizer_2/merges.txt", true)]
    [InlineData("unet/weights.pb", true)]
    [InlineData("text_encoder_2/model.safetensors", false)]
    [InlineData("unet/diffusion_pytorch_model.fp16.safetensors", false)]
    [InlineData("text_encoder/pytorch_model.bin", false)]
    [InlineData("text_encoder/flax_model.msgpack", false)]
    [InlineData("vae/diffusion_pytorch_model.safetensors", false)]
    public void Wanted_TakesOnnxPipelineFilesOnly(string path, bool wanted)
    {
        Assert.Equal(wanted, PipelineFiles.Wanted(path));
    }
}
