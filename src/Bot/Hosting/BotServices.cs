using DreamBot.Bot.Admin;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Hosting;

public static class BotServices
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(ProxyOptions.IsValidAddress), "Proxy:KnownProxies entries must be IP addresses")
            .Validate(o => o.KnownNetworks.All(ProxyOptions.IsValidNetwork), "Proxy:KnownNetworks entries must be networks such as 172.30.80.0/24");
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) => proxy.Value.ApplyTo(forwarded));
        builder.Services.AddHostedService<StartupMigrator>();
        builder.Services.AddDreamBotReadiness();
        builder.Services.AddGracefulShutdown();
        builder.AddDiscordTransport();
        builder.Services.AddBotCommands();
        builder.Services.AddValidatedOptions<IntakeOptions>(IntakeOptions.Section);
        builder.Services.AddSingleton<QueueHandOff>();
        builder.Services.AddSingleton<IDreamQueue, DreamIntake>();
        builder.Services.AddSingleton<WaitEstimator>();
        builder.Services.AddSingleton<LiveModels>();
        builder.Services.AddHostedService<QueuePositionNotifier>();
        builder.AddAdminDashboard();
        return builder;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        // First, so the admin pages see the client's address and scheme as the trusted proxy reports them.
        app.UseForwardedHeaders();
        app.MapHealthChecks(HealthTags.LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(HealthTags.ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        app.MapDiscordTransport();
        app.MapAdminDashboard();
        return app;
    }
}
