using System.Reflection;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Discord;

public static class DiscordRegistration
{
    /// <summary>
    /// Registers <see cref="DiscordRestClient"/> on a typed HttpClient bound to <see cref="DiscordOptions"/>. The rate
    /// limiter is a singleton: buckets and the global pause are shared by every request of the process.
    /// </summary>
    public static IServiceCollection AddDiscordRestClient(this IServiceCollection services)
    {
        // The hosts may have bound DiscordOptions already; a second validator would report each failure twice.
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<DiscordOptions>)))
            services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DiscordRetryPolicy.Default);
        services.TryAddSingleton<DiscordRateLimiter>();
        services.AddHttpClient<DiscordRequestSender>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
            http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
            // Each attempt is bounded by DiscordRetryPolicy.AttemptTimeout instead, so a timeout can be retried.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        })
        // Long-lived services may hold the client, so connections are recycled instead of handlers (DNS changes apply).
        .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        // The factory's default loggers write request URIs, and webhook URIs contain interaction tokens.
        .RemoveAllLoggers();
        services.TryAddTransient<DiscordRestClient>();
        return services;
    }

    /// <summary>Discord's documented form: <c>DiscordBot ($url, $versionNumber)</c>.</summary>
    public static string UserAgent { get; } =
        $"DiscordBot (https://github.com/dreambot/dreambot, {typeof(DiscordRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0"})";
}
