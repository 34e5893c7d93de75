using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Configuration;

public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("Bot")]
    [InlineData("Worker")]
    public async Task Process_ExitsWithCode2AndOneLineNamingTheKey_WhenTheBotTokenIsMissing(string project)
    {
        var result = await DotnetProcess.RunAsync(project, [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=dreambot",
            ["Discord__ApplicationId"] = "1140000000000000001",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Model__Path"] = "/models/sd15",
        }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: Discord:BotToken is required", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_NamesEveryMissingKey_OnItsOwnLine()
    {
        var result = await DotnetProcess.RunAsync("Worker", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=dreambot",
            ["Discord__ApplicationId"] = "1140000000000000001",
        }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Discord:BotToken is required", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Model:Path is required", StringComparison.Ordinal));
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Migrate_ExitsWithCode2_WhenNoConnectionStringIsConfigured()
    {
        var result = await DotnetProcess.RunAsync("Bot", ["migrate"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Configuration error: ConnectionStrings:Postgres is required", result.StandardError, StringComparison.Ordinal);
    }
}
