using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DreamBot.Bot.HttpInteractions;

/// <summary>HTTP mode is ready once the interactions route is part of the running app's endpoints.</summary>
public sealed class InteractionEndpointHealthCheck(EndpointDataSource endpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(endpoints.Endpoints.OfType<RouteEndpoint>().Any(e => e.RoutePattern.RawText == InteractionEndpoint.Path)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"{InteractionEndpoint.Path} is not mapped"));
}
