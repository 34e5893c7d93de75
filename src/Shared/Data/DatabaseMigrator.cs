using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DreamBot.Shared.Data;

/// <summary>Brings DreamBot's tables and Hangfire's schema up to date. Safe to run any number of times.</summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();

        // EF reads the history table before creating it and logs the failed read as an error on a fresh database:
        // creating it first keeps an operator's first run free of alarming lines.
        try
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
        {
            // Another process starting at the same moment created it.
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database migrated ({Count} migrations applied)", pending.Count);

        // Hangfire.PostgreSql installs or upgrades its schema when the storage is created.
        _ = scope.ServiceProvider.GetRequiredService<JobStorage>();
    }
}
