using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Dataset;

namespace DreamBot.Tests.Worker.Cli;

public sealed class DatasetExportCommandTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("dataset-cli");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("no --out", "export")]
    [InlineData("--out is required", "export", "--since", "2026-01-01")]
    [InlineData("--since must be a day as YYYY-MM-DD, not '1/2/2026'", "export", "--out", "{out}", "--since", "1/2/2026")]
    [InlineData("--since is after --until", "export", "--out", "{out}", "--since", "2026-02-01", "--until", "2026-01-31")]
    [InlineData("--min-ratings must be 0 or more", "export", "--out", "{out}", "--min-ratings", "-1")]
    [InlineData("--shard-size must be 1 or more", "export", "--out", "{out}", "--shard-size", "0")]
    [InlineData("--guild must be a number, not 'home'", "export", "--out", "{out}", "--guild", "home")]
    [InlineData("unknown option '--colour'", "export", "--out", "{out}", "--colour", "red")]
    [InlineData("usage: dataset export", "import")]
    public async Task Export_ExitsWithTwoAndTheReason_ForBadOptions(string reason, params string[] args)
    {
        var (exit, error) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = "sixteen bytes at least" }, args);

        Assert.Equal(CliErrors.BadArguments, exit);
        if (reason != "no --out")
            Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ExitsWithTwo_ForAShortKey_WithoutPrintingIt()
    {
        var (exit, error) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = "short-secret" }, "export", "--out", "{out}");

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.Contains($"must be at least {DatasetPseudonyms.MinKeyBytes} bytes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ExitsWithTwo_WithoutAKey_OrIntoAFolderThatHoldsFiles()
    {
        var (noKey, noKeyError) = await RunAsync([], "export", "--out", "{out}");
        var full = Path.Combine(_directory, "full");
        Directory.CreateDirectory(full);
        await File.WriteAllTextAsync(Path.Combine(full, "old.parquet"), "old");
        var (notEmpty, notEmptyError) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = "sixteen bytes at least" }, "export", "--out", full);

        Assert.Equal((CliErrors.BadArguments, CliErrors.BadArguments), (noKey, notEmpty));
        Assert.Contains("Dataset:PseudonymKey is required", noKeyError, StringComparison.Ordinal);
        Assert.Contains("is not empty", notEmptyError, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Error)> RunAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var outFolder = Path.Combine(_directory, "out");
        var exit = await new DatasetExportCommand(output, error, configuration)
            .RunAsync([.. args.Select(a => a == "{out}" ? outFolder : a)], CancellationToken.None);
        return (exit, error.ToString());
    }
}
