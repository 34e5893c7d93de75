using System.Globalization;
using System.Net;
using DreamBot.Bot.Hosting;
using DreamBot.Bot.Intake;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace DreamBot.Tests.Bot.Harness;

/// <summary>The real Bot host on Kestrel (127.0.0.1, a free port), configured against a fake Discord, with a test queue.</summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private BotTestHost(WebApplication app, CapturedLogs logs)
    {
        App = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public WebApplication App { get; }
    public CapturedLogs Logs { get; }
    public Uri BaseAddress { get; }
    public Uri InteractionsEndpoint => new(BaseAddress, "interactions");

    public DiscordRestClient Rest => App.Services.GetRequiredService<DiscordRestClient>();

    public static async Task<BotTestHost> StartAsync(
        FakeDiscord discord, DiscordMode mode, IDreamQueue queue, string? publicKeyHex = null, string? devGuildId = null, string? botToken = null,
        Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(discord);
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:BotToken"] = botToken ?? FakeDiscord.BotToken,
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:Mode"] = mode.ToString(),
            ["Discord:PublicKey"] = publicKeyHex,
            ["Discord:DevGuildId"] = devGuildId,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddDreamBotDefaults();
        builder.AddBotServices();
        builder.Services.AddSingleton(queue);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        app.MapBotEndpoints();
        await app.StartAsync();
        return new BotTestHost(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
