using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Hosting;

public static class DreamBotDefaults
{
    /// <summary>What both processes share: validated configuration, the database, Hangfire storage and the clock.</summary>
    public static IHostApplicationBuilder AddDreamBotDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ConnectionStringsOptions>(ConnectionStringsOptions.Section);
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddSingleton(TimeProvider.System);

        // Handlers use the scoped context; background loops (progress, cancellation watch) take their own from the factory.
        services.AddPooledDbContextFactory<DreamBotDb>((sp, options) =>
            ConfigureDatabase(options, sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Postgres));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DreamBotDb>>().CreateDbContext());

        // The storage is built here rather than through Hangfire's static JobStorage.Current,
        // so each host (and each test host) owns exactly the storage it was configured with.
        services.AddSingleton<JobStorage>(sp => CreateJobStorage(
            sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Postgres,
            sp.GetRequiredService<IOptions<QueueOptions>>().Value));
        // Likewise the activator: Hangfire's default reads the static JobActivator.Current, which the last host to
        // configure Hangfire points at its own container, so a job could be resolved from another host's services.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<DreamSlots>();
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        return builder;
    }

    public static DbContextOptionsBuilder ConfigureDatabase(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(DreamBotDb.MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", DreamBotDb.Schema)
                // PostgreSQL's shutdown codes (admin, crash, still starting) are what a restart looks like to a client.
                .EnableRetryOnFailure(3, TimeSpan.FromSeconds(30), ["57P01", "57P02", "57P03"]))
            .UseSnakeCaseNamingConvention();

    public static PostgreSqlStorage CreateJobStorage(string connectionString, QueueOptions queue)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = queue.Schema,
            PrepareSchemaIfNecessary = true,
            // A running job keeps its fetch alive, so the timeout only bounds how long a dead worker's job stays hidden.
            InvisibilityTimeout = queue.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            QueuePollInterval = queue.PollInterval,
            // Plain polling at Queue:PollInterval: the LISTEN connection of long polling did not recover after a
            // PostgreSQL restart in the crash tests, which left workers idle beside a full queue.
            EnableLongPolling = false,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
            // A process that starts while PostgreSQL is down must still come up (health endpoints, readiness 503) and
            // prepare the schema on first use, instead of blocking start-up through Hangfire's default retry ladder.
            StartupConnectionMaxRetries = 1,
            StartupConnectionBaseDelay = TimeSpan.FromMilliseconds(100),
            AllowDegradedModeWithoutStorage = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
