using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.RateLimiting;

namespace DreamBot.Tests.Fakes.Discord;

public static class FakeDiscordServices
{
    /// <summary>Backoff short enough for tests; the retry count stays the production one.</summary>
    public static DiscordRetryPolicy FastRetries { get; } = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Configuration entries that point DreamBot's Discord client at the fake.</summary>
    public static Dictionary<string, string?> Configuration(this FakeDiscord discord)
    {
        var options = discord.CreateOptions();
        return new()
        {
            [$"{DiscordOptions.Section}:{nameof(DiscordOptions.ApplicationId)}"] = options.ApplicationId,
            [$"{DiscordOptions.Section}:{nameof(DiscordOptions.BotToken)}"] = options.BotToken,
            [$"{DiscordOptions.Section}:{nameof(DiscordOptions.ApiBaseUrl)}"] = options.ApiBaseUrl,
        };
    }

    /// <summary>A service provider holding <see cref="DiscordRestClient"/> as the hosts register it, aimed at the fake.</summary>
    public static ServiceProvider BuildClientServices(
        this FakeDiscord discord, DiscordRetryPolicy? retryPolicy = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(discord.Configuration()).Build());
        services.AddLogging();
        services.AddSingleton(retryPolicy ?? FastRetries);
        services.AddDiscordRestClient();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
