using Microsoft.Extensions.DependencyInjection;

namespace DreamBot.Shared.Hosting;

public static class ReadinessChecks
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The readiness checks both processes share: the database answers and the host is not stopping.</summary>
    public static IHealthChecksBuilder AddDreamBotReadiness(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready], timeout: DatabaseTimeout)
            .AddCheck<StoppingHealthCheck>("not-stopping", tags: [HealthTags.Ready]);
}
