using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DreamBot.Shared.Hosting;

/// <summary>Ready only while PostgreSQL answers: without it neither process can take or record work.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<DreamBotDb> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is unreachable");
    }
}
