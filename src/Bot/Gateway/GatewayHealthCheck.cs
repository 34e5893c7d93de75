using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DreamBot.Bot.Gateway;

/// <summary>Gateway mode is ready only while a session is live: between connections no interaction can reach the bot.</summary>
public sealed class GatewayHealthCheck(GatewayClient gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateway.IsConnected
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "no live Discord gateway session"));
}
