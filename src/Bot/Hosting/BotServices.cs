using DreamBot.Shared.Configuration;
using DreamBot.Shared.Hosting;

namespace DreamBot.Bot.Hosting;

public static class BotServices
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        builder.Services.AddHostedService<StartupMigrator>();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
