using DreamBot.Bot.Dispatch;
using DreamBot.Bot.Gateway;
using DreamBot.Bot.HttpInteractions;
using DreamBot.Bot.Replies;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Hosting;

public static class DiscordTransportServices
{
    /// <summary>The dispatcher and the transport Discord:Mode selects: a gateway session or the signed HTTP endpoint.</summary>
    public static WebApplicationBuilder AddDiscordTransport(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDiscordRestClient();
        services.AddValidatedOptions<InteractionOptions>(InteractionOptions.Section);
        services.AddSingleton<InteractionDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<InteractionDrain>());
        services.AddSingleton<AcknowledgementBudget>();
        services.AddSingleton<InteractionDispatcher>();
        services.AddSingleton<DeferredReplyDelivery>();
        services.AddSingleton<RecentInteractions>();

        if (ModeOf(builder.Configuration) == DiscordMode.Http)
        {
            services.AddSingleton(sp => new InteractionSignatureVerifier(
                sp.GetRequiredService<IOptions<DiscordOptions>>().Value.PublicKey!,
                sp.GetRequiredService<IOptions<InteractionOptions>>().Value.MaxSignatureAge,
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<InteractionEndpoint>();
            services.AddHealthChecks().AddCheck<InteractionEndpointHealthCheck>("interactions-endpoint", tags: [HealthTags.Ready]);
        }
        else
        {
            services.AddSingleton<GatewayInteractionHandler>();
            services.AddSingleton<GatewayClient>();
            services.AddHostedService(sp => sp.GetRequiredService<GatewayClient>());
            services.AddHealthChecks().AddCheck<GatewayHealthCheck>("discord-gateway", tags: [HealthTags.Ready]);
        }
        return builder;
    }

    public static WebApplication MapDiscordTransport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (ModeOf(app.Configuration) == DiscordMode.Http)
            app.MapPost(InteractionEndpoint.Path, (HttpContext http) => http.RequestServices.GetRequiredService<InteractionEndpoint>().HandleAsync(http));
        return app;
    }

    private static DiscordMode ModeOf(IConfiguration configuration) =>
        configuration.GetValue($"{DiscordOptions.Section}:{nameof(DiscordOptions.Mode)}", DiscordMode.Gateway);
}
