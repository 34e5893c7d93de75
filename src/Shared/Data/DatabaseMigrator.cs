using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DreamBot.Shared.Data;

/// <summary>Brings DreamBot's tables and Hangfire's schema up to date. Safe to run any number of times.</summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database migrated ({Count} migrations applied)", pending.Count);

        // Hangfire.PostgreSql installs or upgrades its schema when the storage is created.
        _ = scope.ServiceProvider.GetRequiredService<JobStorage>();
    }
}
