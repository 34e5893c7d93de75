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
            http.Timeout = RequestTimeout;
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        });
        services.TryAddTransient<DiscordRestClient>();
        return services;
    }

    /// <summary>Per attempt; a stalled upload is abandoned and retried instead of holding its bucket.</summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Discord's documented form: <c>DiscordBot ($url, $versionNumber)</c>.</summary>
    public static string UserAgent { get; } =
        $"DiscordBot (https://github.com/dreambot/dreambot, {typeof(DiscordRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0"})";
}
