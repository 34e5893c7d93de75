using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Dataset;

namespace DreamBot.Tests.Worker.Cli;

public sealed class DatasetExportCommandTests : IDisposable
{
    private const string GoodKey = "7b814b922440544b403467b18a3694acf0d4f861ee543fc93a6c3bdfb9533fdb";
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
        var (exit, error) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = GoodKey }, args);

        Assert.Equal(CliErrors.BadArguments, exit);
        if (reason != "no --out")
            Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-secret")]
    [InlineData("hunter2 hunter2\n")]
    [InlineData("correct horse battery staple, correct horse battery staple")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("7b814b922440544b403467b18a3694acf0d4f861ee543fc93a6c3bdfb9533fd")]
    [InlineData("3TXYrDPJWOiP8fskXeWi7w==")]
    public async Task Export_ExitsWithTwo_ForAKeyThatIsNot32RandomBytes_WithoutPrintingIt_AndSaysHowToMakeOne(string key)
    {
        var (exit, error) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = key }, "export", "--out", "{out}");

        Assert.Equal(CliErrors.BadArguments, exit);
        Assert.Contains("must be 32 random bytes as hex or base64, not a passphrase; make one with: openssl rand -hex 32", error, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Trim(), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GoodKey)]
    [InlineData(GoodKey + "\n")]
    [InlineData("3TXYrDPJWOiP8fskXeWi7yR+LRqzuS0BfxEM6dz35C8=")]
    public void AKeyOf32RandomBytes_InHexOrBase64_IsTaken(string key) =>
        Assert.Equal(32, PseudonymKey.Parse(key)?.Length);

    [Fact]
    public async Task Export_ExitsWithTwo_WithoutAKey_OrIntoAFolderThatHoldsFiles()
    {
        var (noKey, noKeyError) = await RunAsync([], "export", "--out", "{out}");
        var full = Path.Combine(_directory, "full");
        Directory.CreateDirectory(full);
        await File.WriteAllTextAsync(Path.Combine(full, "old.parquet"), "old");
        var (notEmpty, notEmptyError) = await RunAsync(new() { [DatasetExportCommand.PseudonymKeySetting] = GoodKey }, "export", "--out", full);

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
