using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Hosting;

/// <summary>Applies migrations before anything else starts when Database:MigrateOnStartup is true.</summary>
public sealed class StartupMigrator(IServiceProvider services, IOptions<DatabaseOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStartup ? DatabaseMigrator.MigrateAsync(services, cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
