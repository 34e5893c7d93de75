using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Fakes.Hub;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Hub;

public sealed class ModelsPullTests : IAsyncLifetime, IDisposable
{
    private const string Repo = "dreambot-tests/tiny-sd-onnx";
    private const string Token = "hf_fake_token_not_a_secret";

    private readonly string _work = TestPaths.NewTempDirectory("hub");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private FakeHub _hub = null!;

    private string Target => Path.Combine(_work, "models", "tiny");

    public async Task InitializeAsync()
    {
        var model = Path.Combine(_work, "source");
        TinyModelGenerator.Write(model, TestPaths.Clip, new TinyModelOptions());
        FakeHubFile[] extras =
        [
            new("README.md", "# tiny"u8.ToArray(), Lfs: false),
            new("samples/fox.png", new byte[1000], Lfs: true),
        ];
        _hub = await FakeHub.StartAsync(Repo, [.. FakeHub.FilesOf(model), .. extras]);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task Pull_WritesAFolderThatLoads_AndSkipsFilesThePipelineDoesNotRead()
    {
        var exit = await PullAsync();

        Assert.True(exit == 0, _error.ToString());
        using (var model = StableDiffusionModel.Load(Target, ExecutionDevice.Cpu, 0, NullLogger.Instance))
            Assert.Equal(4, model.LatentChannels);
        Assert.False(File.Exists(Path.Combine(Target, "README.md")));
        Assert.False(Directory.Exists(Path.Combine(Target, "samples")));
        Assert.False(Directory.Exists(Target + ".partial"));
        Assert.Empty(Directory.EnumerateFiles(Target, "*.incomplete", SearchOption.AllDirectories));
        foreach (var file in _hub.Files.Where(f => f.Path.Contains('/', StringComparison.Ordinal) && !f.Path.StartsWith("samples/", StringComparison.Ordinal)))
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(Path.Combine(Target, file.Path)));
        Assert.True(_hub.Requests.Count(r => r.Path.Contains("/tree/", StringComparison.Ordinal)) > 1, "the tree listing should span several pages");
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("samples", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_SendsTheTokenToTheHubButNotToTheCdn()
    {
        _hub.RequiredToken = Token;

        var exit = await PullAsync(token: Token);

        Assert.True(exit == 0, _error.ToString());
        var hub = _hub.Requests.Where(r => r.Host == "hub").ToList();
        var cdn = _hub.Requests.Where(r => r.Host == "cdn").ToList();
        Assert.NotEmpty(cdn);
        Assert.All(hub, r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.All(cdn, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Pull_ExitsWithOne_AndAsksForHfToken_WhenTheRepositoryIsGated()
    {
        _hub.RequiredToken = Token;

        var exit = await PullAsync();

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains("HF_TOKEN", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target));
    }

    [Fact]
    public async Task Pull_ResumesWithARangeRequest_WhenTheConnectionDropsMidway()
    {
        _hub.DropConnectionOnce("unet/model.onnx");

        var exit = await PullAsync();

        Assert.True(exit == 0, _error.ToString());
        var unet = _hub.Files.Single(f => f.Path == "unet/model.onnx");
        var fetches = _hub.Requests.Where(r => r.Host == "cdn" && r.Path == "/blobs/" + unet.Sha256).ToList();
        Assert.Equal(2, fetches.Count);
        Assert.Null(fetches[0].Range);
        Assert.Equal($"bytes={unet.Content.Length / 2}-", fetches[1].Range);
        Assert.Equal(unet.Content, await File.ReadAllBytesAsync(Path.Combine(Target, "unet", "model.onnx")));
    }

    [Theory]
    [InlineData("unet/../../../escaped.txt")]
    [InlineData("unet/../../tiny.escaped/model.onnx")]
    [InlineData("unet//model.onnx")]
    [InlineData("unet/./model.onnx")]
    [InlineData("unet/..\\..\\escaped.txt")]
    [InlineData("unet/C:/escaped.txt")]
    public async Task Pull_ExitsWithOne_AndWritesNothing_WhenTheListingNamesAnUnsafePath(string hostile)
    {
        await using var hostileHub = await FakeHub.StartAsync(Repo, [.. _hub.Files, new FakeHubFile(hostile, "export EVIL=1"u8.ToArray(), Lfs: false)]);

        var exit = await PullAsync(hub: hostileHub);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains("unsafe file path", _error.ToString(), StringComparison.Ordinal);
        var written = Directory.EnumerateFileSystemEntries(_work, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(Path.Combine(_work, "source"), StringComparison.Ordinal));
        Assert.Empty(written);
    }

    [Fact]
    public async Task Pull_StopsReadingAFile_AtTheSizeTheListingGives()
    {
        _hub.Oversize("unet/model.onnx");

        var exit = await PullAsync();

        Assert.Equal(CliErrors.Failed, exit);
        var unet = _hub.Files.Single(f => f.Path == "unet/model.onnx");
        Assert.Contains($"unet/model.onnx: the server sent more than the {unet.Content.Length} bytes the Hub lists", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target));
    }

    [Fact]
    public async Task Pull_GivesUpOnAStalledRead_AndResumesWithARangeRequest()
    {
        _hub.StallOnce("unet/model.onnx");

        var exit = await Command(_hub, stallTimeout: TimeSpan.FromMilliseconds(500)).RunAsync(["pull", Repo, "--to", Target], CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        var unet = _hub.Files.Single(f => f.Path == "unet/model.onnx");
        var fetches = _hub.Requests.Where(r => r.Host == "cdn" && r.Path == "/blobs/" + unet.Sha256).ToList();
        Assert.Equal(2, fetches.Count);
        Assert.Equal($"bytes={unet.Content.Length / 2}-", fetches[1].Range);
        Assert.Equal(unet.Content, await File.ReadAllBytesAsync(Path.Combine(Target, "unet", "model.onnx")));
    }

    [Fact]
    public async Task Pull_RejectsAndDeletesAFile_WhoseBytesDoNotMatchTheLfsSha256()
    {
        _hub.Corrupt("unet/model.onnx");

        var exit = await PullAsync();

        Assert.Equal(CliErrors.Failed, exit);
        Assert.Contains("unet/model.onnx: corrupt download, sha256", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target));
        var partial = Target + ".partial";
        Assert.False(File.Exists(Path.Combine(partial, "unet", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(partial, "unet", "model.onnx.incomplete")));
    }

    [Fact]
    public async Task Pull_FinishesAnEarlierRun_WithoutFetchingTheFilesItCompleted()
    {
        _hub.Corrupt("unet/model.onnx");
        Assert.Equal(CliErrors.Failed, await PullAsync());
        var textEncoder = "/blobs/" + _hub.Files.Single(f => f.Path == "text_encoder/model.onnx").Sha256;
        Assert.Contains(_hub.Requests, r => r.Path == textEncoder);
        await using var fixedHub = await FakeHub.StartAsync(Repo, _hub.Files);

        var exit = await PullAsync(hub: fixedHub);

        Assert.True(exit == 0, _error.ToString());
        var fetched = fixedHub.Requests.Where(r => r.Host == "cdn").Select(r => r.Path).ToList();
        Assert.Contains("/blobs/" + fixedHub.Files.Single(f => f.Path == "unet/model.onnx").Sha256, fetched);
        Assert.DoesNotContain(textEncoder, fetched);
        Assert.Equal("complete", ModelsCommand.Completeness(Target));
    }

    [Fact]
    public async Task Pull_ReadsThePipelineFromASubfolder()
    {
        await using var nested = await FakeHub.StartAsync(Repo, _hub.Files.Select(f => f with { Path = "onnx/" + f.Path }));

        var exit = await PullAsync(hub: nested, more: ["--subfolder", "onnx"]);

        Assert.True(exit == 0, _error.ToString());
        Assert.Equal("complete", ModelsCommand.Completeness(Target));
    }

    [Theory]
    [InlineData("--revision", "no-such-branch")]
    [InlineData("--subfolder", "elsewhere")]
    public async Task Pull_ExitsWithOne_WhenTheHubHasNoSuchRevisionOrFolder(params string[] more)
    {
        var exit = await PullAsync(more: more);

        Assert.Equal(CliErrors.Failed, exit);
        Assert.StartsWith("error: ", _error.ToString().Split('\n').Last(l => l.Length > 0).TrimStart('\r'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull")]
    [InlineData("pull", "not-a-repo-id")]
    [InlineData("pull", Repo, "--revision")]
    [InlineData("pull", Repo, "--subfolder", "../up")]
    [InlineData("pull", Repo, "--mirror", "x")]
    [InlineData("verify")]
    [InlineData("frobnicate")]
    public async Task Models_ExitsWithTwo_ForBadArguments(params string[] args)
    {
        var exit = await Command(_hub).RunAsync(args, CancellationToken.None);

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.StartsWith("error: ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ExitsWithTwo_WhenTheTargetFolderExists()
    {
        Directory.CreateDirectory(Target);

        Assert.Equal(CliErrors.BadArguments, await PullAsync());
        Assert.Empty(_hub.Requests);
    }

    private Task<int> PullAsync(string? token = null, FakeHub? hub = null, string[]? more = null) =>
        Command(hub ?? _hub, token).RunAsync(["pull", Repo, "--to", Target, .. more ?? []], CancellationToken.None);

    private ModelsCommand Command(FakeHub hub, string? token = null, TimeSpan? stallTimeout = null) =>
        new(_output, _error, name => name switch
        {
            "HF_ENDPOINT" => hub.HubUrl,
            "HF_TOKEN" => token,
            _ => null,
        })
        { RetryDelay = TimeSpan.Zero, StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(60) };
}
