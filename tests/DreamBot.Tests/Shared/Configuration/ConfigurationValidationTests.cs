using DreamBot.Shared.Configuration;
using DreamBot.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Shared.Configuration;

public sealed class ConfigurationValidationTests
{
    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=dreambot;Username=dreambot",
        ["Discord:ApplicationId"] = "1140000000000000001",
        ["Discord:BotToken"] = "not-a-real-token",
        ["Discord:Mode"] = "Gateway",
    };

    [Theory]
    [InlineData("ConnectionStrings:Postgres", null, "ConnectionStrings:Postgres is required")]
    [InlineData("ConnectionStrings:Postgres", "Database=dreambot", "ConnectionStrings:Postgres has no Host")]
    [InlineData("ConnectionStrings:Postgres", "Hots=x;;=", "ConnectionStrings:Postgres is not a valid PostgreSQL connection string")]
    [InlineData("Discord:BotToken", null, "Discord:BotToken is required")]
    [InlineData("Discord:ApplicationId", null, "Discord:ApplicationId is required")]
    [InlineData("Discord:ApplicationId", "my-bot", "Discord:ApplicationId must be the application's numeric snowflake id")]
    [InlineData("Discord:ApiBaseUrl", "discord.com/api", "Discord:ApiBaseUrl must be an absolute http(s) URL")]
    [InlineData("Discord:DevGuildId", "guild", "Discord:DevGuildId must be a numeric snowflake id")]
    [InlineData("Discord:PublicKey", "abc", "Discord:PublicKey must be 64 hex characters")]
    [InlineData("Discord:Mode", "Http", "Discord:PublicKey is required when Discord:Mode is Http")]
    [InlineData("Queue:WorkerCount", "0", "Queue:WorkerCount must be from 1 to 64")]
    [InlineData("Queue:Schema", "Hang Fire", "Queue:Schema must be a lower-case SQL identifier")]
    [InlineData("Model:DeviceId", "-1", "Model:DeviceId must be a GPU index from 0 to 63")]
    public async Task Start_FailsWithOneMessageNamingTheKey_WhenAKeyIsMissingOrMalformed(string key, string? value, string expected)
    {
        var settings = ValidSettings();
        settings[key] = value;
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AcceptsAValidConfiguration()
    {
        using var host = BuildHost(ValidSettings());

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void EnvironmentVariables_OverrideAppSettings_InSectionDoubleUnderscoreForm()
    {
        Environment.SetEnvironmentVariable("DREAMBOTTEST_Queue__WorkerCount", "3");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Queue:WorkerCount"] = "1" })
                .AddEnvironmentVariables("DREAMBOTTEST_")
                .Build();

            Assert.Equal(3, configuration.GetSection(QueueOptions.Section).Get<QueueOptions>()!.WorkerCount);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DREAMBOTTEST_Queue__WorkerCount", null);
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDreamBotDefaults();
        builder.Services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        builder.Services.AddValidatedOptions<ModelOptions>(ModelOptions.Section);
        return builder.Build();
    }
}
